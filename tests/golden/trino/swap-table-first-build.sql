-- serve.gold.loans_by_region: mode create-table
-- state: {"exists":false}
-- options: {"catalog":{"connector":"postgresql","writable":true,"createOrReplaceTable":false,"views":false,"merge":false,"snapshots":false,"tableProperties":false,"schemaLocation":false,"columnTypes":"postgresql"},"sourceColumns":[{"name":"region","type":"varchar"},{"name":"loans","type":"bigint"},{"name":"last_issued","type":"timestamp(9) with time zone"}]}
-- diagnostic: definitions/loans_by_region.sqlx:1:1: warning column-type-mapped: serve.gold.loans_by_region: column "last_issued": timestamp(9) with time zone rounded to timestamp(6) with time zone: PostgreSQL keeps microseconds at most — cast it yourself to silence this: CAST(… AS timestamp(6) with time zone)

-- drop-relation
DROP TABLE IF EXISTS "serve"."gold"."loans_by_region__lakeform_new";

-- create
CREATE TABLE "serve"."gold"."loans_by_region__lakeform_new"
COMMENT 'Loans per region, served from PostgreSQL' AS
SELECT
  s."region",
  s."loans",
  CAST(s."last_issued" AS timestamp(6) with time zone) AS "last_issued"
FROM (
SELECT
  region,
  count(*) AS loans,
  CAST(max(issued_at) AS timestamp(9) with time zone) AS last_issued
FROM "lake"."silver"."loans"
GROUP BY region
) AS s;

-- drop-relation
DROP TABLE IF EXISTS "serve"."gold"."loans_by_region__lakeform_old";

-- swap
ALTER TABLE "serve"."gold"."loans_by_region__lakeform_new" RENAME TO "serve"."gold"."loans_by_region";

-- drop-relation
DROP TABLE IF EXISTS "serve"."gold"."loans_by_region__lakeform_old";
