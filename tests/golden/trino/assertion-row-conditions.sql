-- lake.quality.silver_loans_assertions_rowConditions: mode assertion
-- state: {"exists":false}

-- assertion
SELECT count(*) AS failing_rows
FROM (
SELECT
  'amount >= 0' AS failing_row_condition,
  *
FROM "lake"."silver"."loans"
WHERE NOT (amount >= 0)
UNION ALL
SELECT
  'loan_id IS NOT NULL' AS failing_row_condition,
  *
FROM "lake"."silver"."loans"
WHERE NOT (loan_id IS NOT NULL)
UNION ALL
SELECT
  'farmer_id IS NOT NULL' AS failing_row_condition,
  *
FROM "lake"."silver"."loans"
WHERE NOT (farmer_id IS NOT NULL)
) AS assertion_rows;
