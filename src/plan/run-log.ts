/**
 * The run log in Iceberg (schema `lakeform` of the project catalog): one row per run, per action
 * and per assertion. Dashboards and the scheduler read it. The plan holds its statements — final
 * SQL whose rows are one JSON parameter bound at the end of the run — so `plan --json` shows them
 * and logging never slows the actions: three INSERTs, three Iceberg commits per run.
 */
import type { Target } from "../common/target.js";
import type { Dialect, JsonRowColumn } from "./dialect.js";
import type { RenderedStatement, RunLogRows } from "./render-types.js";

export const RUN_LOG_SCHEMA = "lakeform";

const TS = "timestamp(6) with time zone";
const col = (name: string, type: string): JsonRowColumn => ({ name, type, json: type === TS ? "iso-timestamp" : "value" });

/** Columns in table order; `run/run-log.ts` fills rows keyed by these names. */
export const RUN_LOG_TABLES: Readonly<Record<RunLogRows, { readonly name: string; readonly partitioning: readonly string[]; readonly columns: readonly JsonRowColumn[] }>> = {
  runs: {
    name: "runs",
    partitioning: ["day(started_at)"],
    columns: [col("run_id", "varchar"), col("project", "varchar"), col("started_at", TS), col("ended_at", TS), col("status", "varchar"), col("actions_total", "integer"), col("actions_failed", "integer"), col("workflow", "varchar")],
  },
  "action-runs": {
    name: "action_runs",
    partitioning: ["day(started_at)"],
    columns: [
      col("run_id", "varchar"),
      col("action_key", "varchar"),
      col("kind", "varchar"),
      col("status", "varchar"),
      col("started_at", TS),
      col("ended_at", TS),
      col("duration_ms", "bigint"),
      col("statements", "integer"),
      col("rows_written", "bigint"),
      col("query_ids", "array(varchar)"),
      col("snapshot_id", "varchar"),
      col("error", "varchar"),
    ],
  },
  "assertion-results": {
    name: "assertion_results",
    partitioning: ["day(checked_at)"],
    columns: [col("run_id", "varchar"), col("assertion_key", "varchar"), col("parent_key", "varchar"), col("status", "varchar"), col("failing_rows", "bigint"), col("blocking", "boolean"), col("checked_at", TS)],
  },
  // The compiled graph of every successful run (plan/state.ts), for `--select state:modified` and `--defer`.
  manifest: {
    name: "manifests",
    partitioning: ["day(recorded_at)"],
    columns: [
      col("run_id", "varchar"),
      col("action_key", "varchar"),
      col("kind", "varchar"),
      col("target_catalog", "varchar"),
      col("target_schema", "varchar"),
      col("target_name", "varchar"),
      col("query_hash", "varchar"),
      col("config_hash", "varchar"),
      col("dependencies", "array(varchar)"),
      col("environment", "varchar"),
      col("recorded_at", TS),
    ],
  },
  // `lakeform maintain`: one row per table and pass, before/after figures (written by maintain only).
  maintenance: {
    name: "maintenance_runs",
    partitioning: ["day(started_at)"],
    columns: [
      col("run_id", "varchar"),
      col("table_key", "varchar"),
      col("status", "varchar"),
      col("dry_run", "boolean"),
      col("operations", "array(varchar)"),
      col("files_before", "bigint"),
      col("files_after", "bigint"),
      col("avg_file_bytes_before", "double"),
      col("avg_file_bytes_after", "double"),
      col("snapshots_before", "bigint"),
      col("snapshots_after", "bigint"),
      col("started_at", TS),
      col("ended_at", TS),
      col("error", "varchar"),
    ],
  },
};

const ORDER: readonly RunLogRows[] = ["runs", "action-runs", "assertion-results", "manifest"];

export function runLogTarget(catalog: string, rows: RunLogRows): Target {
  return { database: catalog, schema: RUN_LOG_SCHEMA, name: RUN_LOG_TABLES[rows].name };
}

/** Creates what is missing (IF NOT EXISTS), then one INSERT per table. */
export function planRunLog(d: Dialect, catalog: string, locationBase: string): RenderedStatement[] {
  return [
    { role: "run-log", sql: d.createSchema(catalog, RUN_LOG_SCHEMA, `${locationBase.replace(/\/+$/, "")}/${RUN_LOG_SCHEMA}`) },
    ...ORDER.map((r) => ({ role: "run-log" as const, sql: d.createTableIfNotExists(runLogTarget(catalog, r), RUN_LOG_TABLES[r].columns, RUN_LOG_TABLES[r].partitioning) })),
    // Run logs created before workflows existed get the column (a no-op, no commit, once it exists).
    { role: "run-log", sql: d.addColumn(runLogTarget(catalog, "runs"), { name: "workflow", type: "varchar" }) },
    ...ORDER.map((r) => ({ role: "run-log" as const, sql: d.insertJsonRows(runLogTarget(catalog, r), RUN_LOG_TABLES[r].columns), parameter: r })),
  ];
}

/**
 * Whether one run's rows are already in a run-log table (`?` = the run id): a statement kept
 * in `.lakeform/pending-run-log.jsonl` after its connection dropped may have committed, and each
 * table's rows of a run are written by one INSERT (one commit), so any row means all of them.
 */
export function runLogWrittenCheck(d: Dialect, catalog: string, table: string): string {
  return `SELECT count(*) FROM ${d.quoteTarget({ database: catalog, schema: RUN_LOG_SCHEMA, name: table })} WHERE run_id = ?`;
}
