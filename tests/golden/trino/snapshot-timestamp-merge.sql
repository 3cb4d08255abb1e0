-- lake.silver.loan_history: mode snapshot
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"region","type":"varchar"},{"name":"amount","type":"decimal(14,2)"},{"name":"ts","type":"timestamp(6)"},{"name":"snapshot_id","type":"varchar"},{"name":"valid_from","type":"timestamp(6) with time zone"},{"name":"valid_to","type":"timestamp(6) with time zone"},{"name":"is_current","type":"boolean"}]}

-- merge
MERGE INTO "lake"."silver"."loan_history" AS t
USING (
  WITH lf_source AS (
SELECT loan_id, region, amount, ts FROM "lake"."bronze"."raw_loans"
  ),
  lf_current AS (
    SELECT * FROM "lake"."silver"."loan_history" WHERE is_current
  ),
  lf_changed AS (
    SELECT s."loan_id", s."region", s."amount", s."ts", c.snapshot_id AS lf_current_id, CAST(s."ts" AS timestamp(6) with time zone) AS lf_valid_from
    FROM lf_source AS s
    LEFT JOIN lf_current AS c ON c."loan_id" = s."loan_id"
    WHERE c.snapshot_id IS NULL
      OR CAST(s."ts" AS timestamp(6) with time zone) > c.valid_from
  )
  SELECT CAST(NULL AS varchar) AS lf_close_id, "loan_id", "region", "amount", "ts", lower(to_hex(md5(to_utf8(concat_ws('|', CAST("loan_id" AS varchar), CAST(lf_valid_from AS varchar)))))) AS snapshot_id, lf_valid_from AS valid_from
  FROM lf_changed
  UNION ALL
  SELECT lf_current_id, NULL, NULL, NULL, NULL, NULL, lf_valid_from
  FROM lf_changed
  WHERE lf_current_id IS NOT NULL
  UNION ALL
  SELECT c.snapshot_id, NULL, NULL, NULL, NULL, NULL, CAST(current_timestamp AS timestamp(6) with time zone)
  FROM lf_current AS c
  WHERE NOT EXISTS (SELECT 1 FROM lf_source AS s WHERE s."loan_id" = c."loan_id")
) AS s
ON t.snapshot_id = s.lf_close_id AND t.is_current
WHEN MATCHED THEN UPDATE SET valid_to = s.valid_from, is_current = false
WHEN NOT MATCHED AND s.lf_close_id IS NULL THEN INSERT ("loan_id", "region", "amount", "ts", snapshot_id, valid_from, valid_to, is_current)
  VALUES (s."loan_id", s."region", s."amount", s."ts", s.snapshot_id, s.valid_from, NULL, true);
