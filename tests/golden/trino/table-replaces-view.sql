-- lake.silver.farmers: mode create-table
-- state: {"exists":true,"kind":"view"}

-- drop-relation
DROP VIEW IF EXISTS "lake"."silver"."farmers";

-- create
CREATE OR REPLACE TABLE "lake"."silver"."farmers"
WITH (
  partitioning = ARRAY['region']
)
AS
SELECT farmer_id, name, region FROM "lake"."bronze"."raw_farmers";
