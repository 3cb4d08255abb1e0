-- lake.quality.silver_loans_assertions_acceptedValues: mode assertion
-- state: {"exists":false}

-- assertion
SELECT count(*) AS failing_rows
FROM (
SELECT
  'region' AS failing_column,
  CAST("region" AS varchar) AS failing_value,
  COUNT(1) AS row_count
FROM "lake"."silver"."loans"
WHERE "region" IS NOT NULL AND "region" NOT IN ('N', 'NE', 'CO', 'SE', 'S')
GROUP BY "region"
) AS assertion_rows;
