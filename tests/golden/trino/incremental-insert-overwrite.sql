-- lake.silver.loan_days: mode insert-overwrite
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"region","type":"varchar"},{"name":"amount","type":"decimal(14,2)"},{"name":"issued_at","type":"timestamp(6) with time zone"}]}

-- merge
MERGE INTO "lake"."silver"."loan_days" AS t
USING (
  WITH lf_new AS (
SELECT loan_id, region, amount, issued_at FROM "lake"."bronze"."raw_loans"
WHERE issued_at >= TIMESTAMP '2026-01-01 00:00:00 UTC'
  )
  SELECT 'insert' AS lf_op, NULL AS lf_match_0, NULL AS lf_match_1, "loan_id", "region", "amount", "issued_at"
  FROM lf_new
  UNION ALL
  SELECT DISTINCT 'delete', date_trunc('day', "issued_at" AT TIME ZONE 'UTC'), "region", NULL, NULL, NULL, NULL
  FROM lf_new
) AS s
ON s.lf_op = 'delete'
  AND date_trunc('day', t."issued_at" AT TIME ZONE 'UTC') = s.lf_match_0
  AND t."region" = s.lf_match_1
  AND (t.issued_at >= TIMESTAMP '2026-01-01 00:00:00 UTC')
WHEN MATCHED THEN DELETE
WHEN NOT MATCHED AND s.lf_op = 'insert' THEN INSERT ("loan_id", "region", "amount", "issued_at")
  VALUES (s."loan_id", s."region", s."amount", s."issued_at");
