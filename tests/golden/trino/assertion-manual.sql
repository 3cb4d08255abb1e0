-- lake.quality.no_negative_exposure: mode assertion
-- state: {"exists":false}

-- assertion
SELECT count(*) AS failing_rows
FROM (
SELECT * FROM "lake"."gold"."exposure_by_region" WHERE exposure < 0
) AS assertion_rows;
