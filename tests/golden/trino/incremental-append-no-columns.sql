-- lake.silver.loan_events: mode append
-- state: {"exists":true,"kind":"table","columns":[]}

-- insert
INSERT INTO "lake"."silver"."loan_events" ("event_id", "loan_id", "ts")
SELECT "event_id", "loan_id", "ts"
FROM (
SELECT event_id, loan_id, ts FROM "lake"."bronze"."raw_loans"
WHERE ts > (SELECT max(ts) FROM "lake"."silver"."loan_events")
) AS s;
