-- lake.silver.loan_events_daily: mode time-range
-- state: {"exists":true,"kind":"table","columns":[{"name":"event_id","type":"bigint"},{"name":"loan_id","type":"bigint"},{"name":"ts","type":"timestamp(6)"}]}
-- run: {"now":"2026-01-03T12:00:00Z"}
-- options: {"fullRefresh":true}
-- interval [2026-01-01T00:00:00.000Z, 2026-01-02T00:00:00.000Z) missing
-- interval [2026-01-02T00:00:00.000Z, 2026-01-03T00:00:00.000Z) missing
-- interval [2026-01-03T00:00:00.000Z, 2026-01-04T00:00:00.000Z) missing

-- interval-log
CREATE SCHEMA IF NOT EXISTS "lake"."lakeform"
WITH (location = 's3://warehouse/lakeform');

-- interval-log
CREATE TABLE IF NOT EXISTS "lake"."lakeform"."intervals" ("model_key" varchar, "event" varchar, "interval_start" timestamp(6) with time zone, "interval_end" timestamp(6) with time zone, "complete" boolean, "logged_at" timestamp(6) with time zone);

-- create
CREATE OR REPLACE TABLE "lake"."silver"."loan_events_daily"
WITH (
  partitioning = ARRAY['day(ts)']
)
AS
SELECT * FROM (
SELECT event_id, loan_id, ts FROM "lake"."bronze"."raw_loans"
WHERE ts >= TIMESTAMP '2026-01-01 00:00:00.000000 UTC' AND ts < TIMESTAMP '2026-01-04 00:00:00.000000 UTC'
) AS q
WHERE q."ts" >= TIMESTAMP '2026-01-01 00:00:00.000000 UTC' AND q."ts" < TIMESTAMP '2026-01-04 00:00:00.000000 UTC';

-- interval-log
INSERT INTO "lake"."lakeform"."intervals" (model_key, event, interval_start, interval_end, complete, logged_at)
VALUES ('lake.silver.loan_events_daily', 'reset', NULL, NULL, FALSE, current_timestamp),
  ('lake.silver.loan_events_daily', 'built', TIMESTAMP '2026-01-01 00:00:00.000000 UTC', TIMESTAMP '2026-01-02 00:00:00.000000 UTC', TRUE, current_timestamp),
  ('lake.silver.loan_events_daily', 'built', TIMESTAMP '2026-01-02 00:00:00.000000 UTC', TIMESTAMP '2026-01-03 00:00:00.000000 UTC', TRUE, current_timestamp),
  ('lake.silver.loan_events_daily', 'built', TIMESTAMP '2026-01-03 00:00:00.000000 UTC', TIMESTAMP '2026-01-04 00:00:00.000000 UTC', FALSE, current_timestamp);

-- snapshot-id
SELECT snapshot_id FROM "lake"."silver"."loan_events_daily$snapshots" ORDER BY committed_at DESC LIMIT 1;

-- introspection
SELECT l.model_key, to_iso8601(l.interval_start), to_iso8601(l.interval_end), bool_or(l.complete)
FROM "lake"."lakeform"."intervals" AS l
LEFT JOIN (SELECT model_key, max(logged_at) AS reset_at FROM "lake"."lakeform"."intervals" WHERE event = 'reset' GROUP BY model_key) AS r ON r.model_key = l.model_key
WHERE l.event = 'built' AND l.model_key IN ('lake.silver.loan_events_daily') AND (r.reset_at IS NULL OR l.logged_at >= r.reset_at)
GROUP BY 1, 2, 3
ORDER BY 1, 2;
