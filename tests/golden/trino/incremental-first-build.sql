-- lake.silver.loans: mode incremental-create
-- state: {"exists":false}

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
