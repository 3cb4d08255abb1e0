-- lake.silver.farmers: planned task with --store-failures

-- create
CREATE OR REPLACE TABLE "lake"."silver"."farmers"
WITH (
  partitioning = ARRAY['region']
)
AS
SELECT farmer_id, name, region FROM "lake"."bronze"."raw_farmers";

-- snapshot-id
SELECT snapshot_id FROM "lake"."silver"."farmers$snapshots" ORDER BY committed_at DESC LIMIT 1;
