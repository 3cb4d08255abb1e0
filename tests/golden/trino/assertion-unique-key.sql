-- lake.quality.silver_loans_assertions_uniqueKey_0: mode assertion
-- state: {"exists":false}

-- assertion
SELECT count(*) AS failing_rows
FROM (
SELECT
  *
FROM (
  SELECT
    loan_id,
    COUNT(1) AS index_row_count
  FROM "lake"."silver"."loans"
  GROUP BY loan_id
  ) AS data
WHERE index_row_count > 1
) AS assertion_rows;
