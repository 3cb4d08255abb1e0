-- lake.select.odd"name: mode create-table
-- state: {"exists":false}

-- create
CREATE OR REPLACE TABLE "lake"."select"."odd""name"
COMMENT 'O''Brien''s table'
AS
SELECT 1 AS x FROM "lake"."silver"."farmers";
