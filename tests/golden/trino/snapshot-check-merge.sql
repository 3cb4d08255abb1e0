-- lake.silver.farmer_history: mode snapshot
-- state: {"exists":true,"kind":"table","columns":[{"name":"farmer_id","type":"bigint"},{"name":"name","type":"varchar"},{"name":"region","type":"varchar"},{"name":"snapshot_id","type":"varchar"},{"name":"valid_from","type":"timestamp(6) with time zone"},{"name":"valid_to","type":"timestamp(6) with time zone"},{"name":"is_current","type":"boolean"}]}

-- merge
MERGE INTO "lake"."silver"."farmer_history" AS t
USING (
  WITH lf_source AS (
SELECT farmer_id, name, region FROM "lake"."bronze"."raw_farmers"
  ),
  lf_current AS (
    SELECT * FROM "lake"."silver"."farmer_history" WHERE is_current
  ),
  lf_changed AS (
    SELECT s."farmer_id", s."name", s."region", c.snapshot_id AS lf_current_id, CAST(current_timestamp AS timestamp(6) with time zone) AS lf_valid_from
    FROM lf_source AS s
    LEFT JOIN lf_current AS c ON c."farmer_id" = s."farmer_id"
    WHERE c.snapshot_id IS NULL
      OR s."name" IS DISTINCT FROM c."name"
      OR s."region" IS DISTINCT FROM c."region"
  )
  SELECT CAST(NULL AS varchar) AS lf_close_id, "farmer_id", "name", "region", lower(to_hex(md5(to_utf8(concat_ws('|', CAST("farmer_id" AS varchar), CAST(lf_valid_from AS varchar)))))) AS snapshot_id, lf_valid_from AS valid_from
  FROM lf_changed
  UNION ALL
  SELECT lf_current_id, NULL, NULL, NULL, NULL, lf_valid_from
  FROM lf_changed
  WHERE lf_current_id IS NOT NULL
) AS s
ON t.snapshot_id = s.lf_close_id AND t.is_current
WHEN MATCHED THEN UPDATE SET valid_to = s.valid_from, is_current = false
WHEN NOT MATCHED AND s.lf_close_id IS NULL THEN INSERT ("farmer_id", "name", "region", snapshot_id, valid_from, valid_to, is_current)
  VALUES (s."farmer_id", s."name", s."region", s.snapshot_id, s.valid_from, NULL, true);
