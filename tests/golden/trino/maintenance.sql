-- maintenance of lake.silver.loans: 200 small files, 100 snapshots, keep 3

-- introspection
SELECT f.files, f.small_files, f.avg_file_bytes, s.snapshots, s.last_optimize_ms, r.retained_age_ms
FROM (SELECT count(*) AS files, count_if(file_size_in_bytes < 134217728) AS small_files, avg(file_size_in_bytes) AS avg_file_bytes FROM "lake"."silver"."loans$files") AS f
CROSS JOIN (SELECT count(*) AS snapshots, date_diff('millisecond', max(committed_at) FILTER (WHERE operation = 'replace'), current_timestamp) AS last_optimize_ms FROM "lake"."silver"."loans$snapshots") AS s
CROSS JOIN (SELECT date_diff('millisecond', min(committed_at), current_timestamp) AS retained_age_ms FROM (SELECT committed_at FROM "lake"."silver"."loans$snapshots" ORDER BY committed_at DESC LIMIT 3)) AS r;

-- maintenance
ALTER TABLE "lake"."silver"."loans" EXECUTE optimize(file_size_threshold => '128MB');

-- maintenance
ALTER TABLE "lake"."silver"."loans" EXECUTE expire_snapshots(retention_threshold => '604800s');
