-- lake.silver.loan_latest: mode merge
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"balance","type":"decimal(14,2)"},{"name":"updated_at","type":"timestamp(6)"}]}

-- merge
MERGE INTO "lake"."silver"."loan_latest" AS t
USING (
SELECT loan_id, balance, updated_at FROM "lake"."silver"."loans"
) AS s
ON t."loan_id" = s."loan_id"
WHEN MATCHED THEN UPDATE SET
    "balance" = s."balance",
    "updated_at" = s."updated_at"
WHEN NOT MATCHED THEN INSERT ("loan_id", "balance", "updated_at")
  VALUES (s."loan_id", s."balance", s."updated_at");
