-- lake.silver.loan_status: mode merge
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"status_date","type":"date"},{"name":"status","type":"varchar"},{"name":"first_seen_at","type":"timestamp(6)"},{"name":"updated_at","type":"timestamp(6)"}]}
-- options: {"fullRefresh":true}

-- merge
MERGE INTO "lake"."silver"."loan_status" AS t
USING (
SELECT loan_id, status_date, status, first_seen_at, updated_at FROM "lake"."silver"."loans"
) AS s
ON t."loan_id" = s."loan_id"
  AND t."status_date" = s."status_date"
WHEN MATCHED AND (
    t."status" IS DISTINCT FROM s."status"
    OR t."updated_at" IS DISTINCT FROM s."updated_at"
  ) THEN UPDATE SET
    "status" = s."status",
    "updated_at" = s."updated_at"
WHEN NOT MATCHED THEN INSERT ("loan_id", "status_date", "status", "first_seen_at", "updated_at")
  VALUES (s."loan_id", s."status_date", s."status", s."first_seen_at", s."updated_at");
