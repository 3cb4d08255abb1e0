-- lake.silver.farmers: mode create-table
-- state: {"exists":false}

-- create
CREATE OR REPLACE TABLE "lake"."silver"."farmers"
WITH (
  partitioning = ARRAY['region']
)
AS
SELECT farmer_id, name, region FROM "lake"."bronze"."raw_farmers";
