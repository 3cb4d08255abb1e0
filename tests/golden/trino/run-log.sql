-- run log in catalog lake

-- run-log
CREATE SCHEMA IF NOT EXISTS "lake"."lakeform"
WITH (location = 's3://warehouse/lakeform');

-- run-log
CREATE TABLE IF NOT EXISTS "lake"."lakeform"."runs" ("run_id" varchar, "project" varchar, "started_at" timestamp(6) with time zone, "ended_at" timestamp(6) with time zone, "status" varchar, "actions_total" integer, "actions_failed" integer, "workflow" varchar) WITH (partitioning = ARRAY['day(started_at)']);

-- run-log
CREATE TABLE IF NOT EXISTS "lake"."lakeform"."action_runs" ("run_id" varchar, "action_key" varchar, "kind" varchar, "status" varchar, "started_at" timestamp(6) with time zone, "ended_at" timestamp(6) with time zone, "duration_ms" bigint, "statements" integer, "rows_written" bigint, "query_ids" array(varchar), "snapshot_id" varchar, "error" varchar) WITH (partitioning = ARRAY['day(started_at)']);

-- run-log
CREATE TABLE IF NOT EXISTS "lake"."lakeform"."assertion_results" ("run_id" varchar, "assertion_key" varchar, "parent_key" varchar, "status" varchar, "failing_rows" bigint, "blocking" boolean, "checked_at" timestamp(6) with time zone) WITH (partitioning = ARRAY['day(checked_at)']);

-- run-log
CREATE TABLE IF NOT EXISTS "lake"."lakeform"."manifests" ("run_id" varchar, "action_key" varchar, "kind" varchar, "target_catalog" varchar, "target_schema" varchar, "target_name" varchar, "query_hash" varchar, "config_hash" varchar, "dependencies" array(varchar), "environment" varchar, "recorded_at" timestamp(6) with time zone) WITH (partitioning = ARRAY['day(recorded_at)']);

-- run-log
ALTER TABLE "lake"."lakeform"."runs" ADD COLUMN IF NOT EXISTS "workflow" varchar;

-- run-log (? = runs rows as JSON)
INSERT INTO "lake"."lakeform"."runs" ("run_id", "project", "started_at", "ended_at", "status", "actions_total", "actions_failed", "workflow")
SELECT r."run_id", r."project", from_iso8601_timestamp(r."started_at"), from_iso8601_timestamp(r."ended_at"), r."status", r."actions_total", r."actions_failed", r."workflow"
FROM UNNEST(CAST(json_parse(?) AS array(row("run_id" varchar, "project" varchar, "started_at" varchar, "ended_at" varchar, "status" varchar, "actions_total" integer, "actions_failed" integer, "workflow" varchar)))) AS r ("run_id", "project", "started_at", "ended_at", "status", "actions_total", "actions_failed", "workflow");

-- run-log (? = action-runs rows as JSON)
INSERT INTO "lake"."lakeform"."action_runs" ("run_id", "action_key", "kind", "status", "started_at", "ended_at", "duration_ms", "statements", "rows_written", "query_ids", "snapshot_id", "error")
SELECT r."run_id", r."action_key", r."kind", r."status", from_iso8601_timestamp(r."started_at"), from_iso8601_timestamp(r."ended_at"), r."duration_ms", r."statements", r."rows_written", r."query_ids", r."snapshot_id", r."error"
FROM UNNEST(CAST(json_parse(?) AS array(row("run_id" varchar, "action_key" varchar, "kind" varchar, "status" varchar, "started_at" varchar, "ended_at" varchar, "duration_ms" bigint, "statements" integer, "rows_written" bigint, "query_ids" array(varchar), "snapshot_id" varchar, "error" varchar)))) AS r ("run_id", "action_key", "kind", "status", "started_at", "ended_at", "duration_ms", "statements", "rows_written", "query_ids", "snapshot_id", "error");

-- run-log (? = assertion-results rows as JSON)
INSERT INTO "lake"."lakeform"."assertion_results" ("run_id", "assertion_key", "parent_key", "status", "failing_rows", "blocking", "checked_at")
SELECT r."run_id", r."assertion_key", r."parent_key", r."status", r."failing_rows", r."blocking", from_iso8601_timestamp(r."checked_at")
FROM UNNEST(CAST(json_parse(?) AS array(row("run_id" varchar, "assertion_key" varchar, "parent_key" varchar, "status" varchar, "failing_rows" bigint, "blocking" boolean, "checked_at" varchar)))) AS r ("run_id", "assertion_key", "parent_key", "status", "failing_rows", "blocking", "checked_at");

-- run-log (? = manifest rows as JSON)
INSERT INTO "lake"."lakeform"."manifests" ("run_id", "action_key", "kind", "target_catalog", "target_schema", "target_name", "query_hash", "config_hash", "dependencies", "environment", "recorded_at")
SELECT r."run_id", r."action_key", r."kind", r."target_catalog", r."target_schema", r."target_name", r."query_hash", r."config_hash", r."dependencies", r."environment", from_iso8601_timestamp(r."recorded_at")
FROM UNNEST(CAST(json_parse(?) AS array(row("run_id" varchar, "action_key" varchar, "kind" varchar, "target_catalog" varchar, "target_schema" varchar, "target_name" varchar, "query_hash" varchar, "config_hash" varchar, "dependencies" array(varchar), "environment" varchar, "recorded_at" varchar)))) AS r ("run_id", "action_key", "kind", "target_catalog", "target_schema", "target_name", "query_hash", "config_hash", "dependencies", "environment", "recorded_at");
