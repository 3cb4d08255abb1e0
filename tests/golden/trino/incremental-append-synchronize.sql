-- lake.silver.loan_events: mode append
-- state: {"exists":true,"kind":"table","columns":[{"name":"event_id","type":"integer"},{"name":"loan_id","type":"bigint"},{"name":"legacy","type":"varchar"}]}
-- options: {"sourceColumns":[{"name":"event_id","type":"bigint"},{"name":"loan_id","type":"bigint"},{"name":"ts","type":"timestamp(6)"}]}

-- schema-change
ALTER TABLE "lake"."silver"."loan_events" ADD COLUMN IF NOT EXISTS "ts" timestamp(6);

-- schema-change
ALTER TABLE "lake"."silver"."loan_events" DROP COLUMN IF EXISTS "legacy";

-- schema-change
ALTER TABLE "lake"."silver"."loan_events" ALTER COLUMN "event_id" SET DATA TYPE bigint;

-- insert
INSERT INTO "lake"."silver"."loan_events" ("event_id", "loan_id", "ts")
SELECT "event_id", "loan_id", "ts"
FROM (
SELECT event_id, loan_id, ts FROM "lake"."bronze"."raw_loans"
WHERE ts > (SELECT max(ts) FROM "lake"."silver"."loan_events")
) AS s;
