-- lake.silver.loans: mode incremental-full-refresh
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"farmer_id","type":"bigint"},{"name":"region","type":"varchar"},{"name":"amount","type":"decimal(14,2)"},{"name":"issued_at","type":"timestamp(6) with time zone"}]}
-- options: {"fullRefresh":true}

-- pre-op
CREATE SCHEMA IF NOT EXISTS "lake"."staging";

-- create
CREATE OR REPLACE TABLE "lake"."silver"."loans"
COMMENT 'Loans, one row per contract (latest event wins)'
WITH (
  format = 'PARQUET',
  format_version = 2,
  partitioning = ARRAY['day(issued_at)', 'bucket(loan_id, 16)'],
  sorted_by = ARRAY['loan_id'],
  max_commit_retry = 4
)
AS
SELECT loan_id, farmer_id, region, amount, issued_at
FROM "lake"."bronze"."raw_loans"
WHERE issued_at >= DATE '2024-01-01';

-- post-op
ANALYZE "lake"."silver"."loans";
