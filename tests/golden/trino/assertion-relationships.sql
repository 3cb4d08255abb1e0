-- lake.quality.silver_loans_assertions_relationships: mode assertion
-- state: {"exists":false}

-- assertion
SELECT count(*) AS failing_rows
FROM (
SELECT
  'farmer_id' AS failing_column,
  CAST(child."farmer_id" AS varchar) AS failing_value,
  COUNT(1) AS row_count
FROM "lake"."silver"."loans" AS child
LEFT JOIN "lake"."silver"."farmers" AS parent ON child."farmer_id" = parent."farmer_id"
WHERE child."farmer_id" IS NOT NULL AND parent."farmer_id" IS NULL
GROUP BY child."farmer_id"
) AS assertion_rows;
