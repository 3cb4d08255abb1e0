-- lake.quality.no_negative_exposure: planned task with --store-failures

-- assertion
SELECT count(*) AS failing_rows
FROM (
SELECT * FROM "lake"."gold"."exposure_by_region" WHERE exposure < 0
) AS assertion_rows;

-- sample (when check-failed)
SELECT * FROM (
SELECT * FROM "lake"."gold"."exposure_by_region" WHERE exposure < 0
) AS failing LIMIT 5;

-- store-failures (when check-failed)
CREATE OR REPLACE TABLE "lake"."quality"."no_negative_exposure__failures"
COMMENT 'failing rows of lake.quality.no_negative_exposure'
AS
SELECT * FROM "lake"."gold"."exposure_by_region" WHERE exposure < 0;
