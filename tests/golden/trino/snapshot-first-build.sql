-- lake.silver.loan_history: mode snapshot-create
-- state: {"exists":false}

-- create
CREATE OR REPLACE TABLE "lake"."silver"."loan_history"
COMMENT 'Every version of a loan''s region and amount, by event time'
AS
SELECT
  s.*,
  lower(to_hex(md5(to_utf8(concat_ws('|', CAST(s."loan_id" AS varchar), CAST(CAST(s."ts" AS timestamp(6) with time zone) AS varchar)))))) AS snapshot_id,
  CAST(s."ts" AS timestamp(6) with time zone) AS valid_from,
  CAST(NULL AS timestamp(6) with time zone) AS valid_to,
  true AS is_current
FROM (
SELECT loan_id, region, amount, ts FROM "lake"."bronze"."raw_loans"
) AS s;
