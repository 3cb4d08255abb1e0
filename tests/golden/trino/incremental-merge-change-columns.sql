-- lake.silver.loan_balances: mode merge
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"balance","type":"decimal(14,2)"},{"name":"updated_at","type":"timestamp(6)"}]}

-- merge
MERGE INTO "lake"."silver"."loan_balances" AS t
USING (
SELECT loan_id, balance, updated_at FROM "lake"."silver"."loans"
) AS s
ON t."loan_id" = s."loan_id"
WHEN MATCHED AND (
    t."updated_at" IS DISTINCT FROM s."updated_at"
  ) THEN UPDATE SET
    "balance" = s."balance",
    "updated_at" = s."updated_at"
WHEN NOT MATCHED THEN INSERT ("loan_id", "balance", "updated_at")
  VALUES (s."loan_id", s."balance", s."updated_at");
