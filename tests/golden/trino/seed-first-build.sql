-- lake.silver.regions: mode seed
-- state: {"exists":false}

-- create
CREATE OR REPLACE TABLE "lake"."silver"."regions"
COMMENT 'Regions of the golden project: a seed with every kind of column.
lakeform-seed-sha256: 531904ba7e648df5620d07945fa9c60290987221b4b6a5a57b1d9e00ab94d7bf'
WITH (
  partitioning = ARRAY['active']
)
AS
SELECT CAST("region_id" AS bigint) AS "region_id", CAST("name" AS varchar) AS "name", CAST("area_ha" AS decimal(12,2)) AS "area_ha", CAST("share" AS double) AS "share", CAST("active" AS boolean) AS "active", CAST("since" AS date) AS "since", CAST("updated_at" AS timestamp(6) with time zone) AS "updated_at", CAST("note" AS varchar) AS "note"
FROM (
VALUES
  ('1', 'Sul', '1250.50', '0.25', 'true', '2020-01-01', '2024-05-01 10:00:00 UTC', 'quoted, with comma'),
  ('2', 'Norte', NULL, '0.5', 'false', NULL, '2024-05-01 10:00:00 UTC', 'it''s "quoted"'),
  ('3', 'Centro-Oeste', '99999.99', '1e-3', 'true', '2021-12-31', '2024-05-01 07:00:00 -03:00', NULL)
) AS seed ("region_id", "name", "area_ha", "share", "active", "since", "updated_at", "note");
