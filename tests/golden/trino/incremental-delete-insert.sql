-- lake.silver.loan_events_replaced: mode delete-insert
-- state: {"exists":true,"kind":"table","columns":[{"name":"event_id","type":"bigint"},{"name":"loan_id","type":"bigint"},{"name":"ts","type":"timestamp(6)"}]}

-- merge
MERGE INTO "lake"."silver"."loan_events_replaced" AS t
USING (
  WITH lf_new AS (
SELECT event_id, loan_id, ts FROM "lake"."bronze"."raw_loans"
WHERE loan_id IN (SELECT loan_id FROM "lake"."bronze"."raw_loans" WHERE ts > (SELECT max(ts) FROM "lake"."silver"."loan_events_replaced"))
  )
  SELECT 'insert' AS lf_op, NULL AS lf_match_0, "event_id", "loan_id", "ts"
  FROM lf_new
  UNION ALL
  SELECT DISTINCT 'delete', "loan_id", NULL, NULL, NULL
  FROM lf_new
) AS s
ON s.lf_op = 'delete'
  AND t."loan_id" = s.lf_match_0
WHEN MATCHED THEN DELETE
WHEN NOT MATCHED AND s.lf_op = 'insert' THEN INSERT ("event_id", "loan_id", "ts")
  VALUES (s."event_id", s."loan_id", s."ts");
