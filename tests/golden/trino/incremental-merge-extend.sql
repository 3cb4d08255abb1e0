-- lake.silver.loans: mode merge
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"farmer_id","type":"bigint"},{"name":"region","type":"varchar"},{"name":"amount","type":"decimal(14,2)"}]}
-- options: {"sourceColumns":[{"name":"loan_id","type":"bigint"},{"name":"farmer_id","type":"bigint"},{"name":"region","type":"varchar"},{"name":"amount","type":"decimal(14,2)"},{"name":"issued_at","type":"timestamp(6) with time zone"}]}

-- pre-op
CREATE SCHEMA IF NOT EXISTS "lake"."staging";

-- schema-change
ALTER TABLE "lake"."silver"."loans" ADD COLUMN IF NOT EXISTS "issued_at" timestamp(6) with time zone;

-- merge
MERGE INTO "lake"."silver"."loans" AS t
USING (
SELECT loan_id, farmer_id, region, amount, issued_at
FROM "lake"."bronze"."raw_loans"
WHERE issued_at >= DATE '2024-01-01'
AND issued_at > (SELECT max(issued_at) FROM "lake"."silver"."loans")
) AS s
ON t."loan_id" = s."loan_id"
  AND (t.issued_at >= current_date - INTERVAL '30' DAY)
  AND (t.region = s.region)
WHEN MATCHED AND (
    t."farmer_id" IS DISTINCT FROM s."farmer_id"
    OR t."region" IS DISTINCT FROM s."region"
    OR t."amount" IS DISTINCT FROM s."amount"
    OR t."issued_at" IS DISTINCT FROM s."issued_at"
  ) THEN UPDATE SET
    "farmer_id" = s."farmer_id",
    "region" = s."region",
    "amount" = s."amount",
    "issued_at" = s."issued_at"
WHEN NOT MATCHED THEN INSERT ("loan_id", "farmer_id", "region", "amount", "issued_at")
  VALUES (s."loan_id", s."farmer_id", s."region", s."amount", s."issued_at");

-- post-op
ANALYZE "lake"."silver"."loans";
