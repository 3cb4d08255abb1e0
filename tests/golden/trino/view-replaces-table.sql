-- lake.gold.exposure_by_region: mode create-view
-- state: {"exists":true,"kind":"table"}

-- drop-relation
DROP TABLE IF EXISTS "lake"."gold"."exposure_by_region";

-- create
CREATE OR REPLACE VIEW "lake"."gold"."exposure_by_region"
COMMENT 'Farmer''s exposure — it''s per region' AS
SELECT l.region, sum(l.amount) AS exposure
FROM "lake"."silver"."loans" AS l
JOIN "lake"."silver"."farmers" AS f ON f.farmer_id = l.farmer_id
GROUP BY l.region;
