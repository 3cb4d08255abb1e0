/**
 * The run log in Iceberg (schema `lakeform` of the project catalog): one row per run, per action
 * and per assertion. Dashboards and the scheduler read it. Written once at the end of a run —
 * three INSERTs, three Iceberg commits — so logging never slows the actions themselves.
 * The INSERTs name their columns: a statement kept for later (pending-run-log.ts) still fits
 * after a newer Lakeform added a column.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Dialect } from "../adapters/trino/dialect.js";
import { errorMessage, LakeformError } from "../common/errors.js";
import type { ActionOutcome, RunInfo, RunObserver, RunSummary } from "./events.js";
import { appendRejected, pendingRunLogFile, readPending, rejectedRunLogFile, rewritePending, writeStatements, type PendingStatement } from "./pending-run-log.js";

export const RUN_LOG_SCHEMA = "lakeform";
const RUN_LOG_TABLES = ["runs", "action_runs", "assertion_results"] as const;

const TS = "timestamp(6) with time zone";

export function runLogDdl(d: Dialect, catalog: string, locationBase: string): string[] {
  const t = (name: string) => d.quoteTarget({ database: catalog, schema: RUN_LOG_SCHEMA, name });
  return [
    d.createSchema(catalog, RUN_LOG_SCHEMA, `${locationBase.replace(/\/+$/, "")}/${RUN_LOG_SCHEMA}`),
    `CREATE TABLE IF NOT EXISTS ${t("runs")} (run_id varchar, project varchar, started_at ${TS}, ended_at ${TS}, status varchar, actions_total integer, actions_failed integer) WITH (partitioning = ARRAY['day(started_at)'])`,
    `CREATE TABLE IF NOT EXISTS ${t("action_runs")} (run_id varchar, action_key varchar, kind varchar, status varchar, started_at ${TS}, ended_at ${TS}, duration_ms bigint, statements integer, rows_written bigint, query_ids array(varchar), snapshot_id varchar, error varchar) WITH (partitioning = ARRAY['day(started_at)'])`,
    `CREATE TABLE IF NOT EXISTS ${t("assertion_results")} (run_id varchar, assertion_key varchar, parent_key varchar, status varchar, failing_rows bigint, blocking boolean, checked_at ${TS}) WITH (partitioning = ARRAY['day(checked_at)'])`,
  ];
}

function ts(d: Dialect, iso: string): string {
  return `from_iso8601_timestamp(${d.quoteLiteral(iso)})`;
}

function nullable(d: Dialect, v: string | undefined, type = "varchar"): string {
  return v === undefined ? `CAST(NULL AS ${type})` : d.quoteLiteral(v);
}

export function runLogInserts(d: Dialect, catalog: string, run: RunInfo, summary: RunSummary, project: string): string[] {
  const t = (name: string) => d.quoteTarget({ database: catalog, schema: RUN_LOG_SCHEMA, name });
  const failed = summary.outcomes.filter((o) => o.status === "failed").length;
  const out = [
    `INSERT INTO ${t("runs")} (run_id, project, started_at, ended_at, status, actions_total, actions_failed) VALUES (${d.quoteLiteral(run.runId)}, ${d.quoteLiteral(project)}, ${ts(d, summary.startedAt)}, ${ts(d, summary.endedAt)}, ${d.quoteLiteral(summary.status)}, ${summary.outcomes.length}, ${failed})`,
  ];
  const actionRows = summary.outcomes.map((o: ActionOutcome) => {
    const ids = o.statements.flatMap((s) => (s.queryId ? [d.quoteLiteral(s.queryId)] : []));
    const duration = Date.parse(o.endedAt) - Date.parse(o.startedAt);
    return `(${d.quoteLiteral(run.runId)}, ${d.quoteLiteral(o.action.key)}, ${d.quoteLiteral(o.action.kind)}, ${d.quoteLiteral(o.status)}, ${ts(d, o.startedAt)}, ${ts(d, o.endedAt)}, ${duration}, ${o.statements.length}, ${o.rowsWritten}, ${ids.length ? `ARRAY[${ids.join(", ")}]` : "CAST(ARRAY[] AS array(varchar))"}, ${nullable(d, o.snapshotId)}, ${nullable(d, o.error?.slice(0, 4000))})`;
  });
  if (actionRows.length) out.push(`INSERT INTO ${t("action_runs")} (run_id, action_key, kind, status, started_at, ended_at, duration_ms, statements, rows_written, query_ids, snapshot_id, error) VALUES\n${actionRows.join(",\n")}`);
  const checks = summary.outcomes.filter((o) => o.action.kind === "assertion" && o.status !== "skipped" && o.status !== "cancelled");
  if (checks.length) {
    out.push(
      `INSERT INTO ${t("assertion_results")} (run_id, assertion_key, parent_key, status, failing_rows, blocking, checked_at) VALUES\n${checks
        .map((o) => {
          const parent = o.action.kind === "assertion" ? o.action.parent : undefined;
          return `(${d.quoteLiteral(run.runId)}, ${d.quoteLiteral(o.action.key)}, ${nullable(d, parent)}, ${d.quoteLiteral(o.status)}, ${o.failingRows ?? "CAST(NULL AS bigint)"}, ${o.status !== "warning"}, ${ts(d, o.endedAt)})`;
        })
        .join(",\n")}`,
    );
  }
  return out;
}

export class RunLogObserver implements RunObserver {
  constructor(
    private readonly client: TrinoClient,
    private readonly dialect: Dialect,
    private readonly catalog: string,
    private readonly locationBase: string,
    private readonly project: string,
  ) {}

  /**
   * Writes the log of the runs that could not write theirs, then this run's. What cannot be
   * written now is kept in `.lakeform/pending-run-log.jsonl` (see pending-run-log.ts) and the
   * error says so.
   */
  async onRunEnd(run: RunInfo, summary: RunSummary): Promise<void> {
    const file = pendingRunLogFile(this.project);
    const t = (name: string) => this.dialect.quoteTarget({ database: this.catalog, schema: RUN_LOG_SCHEMA, name });
    const tableOf = (sql: string) => RUN_LOG_TABLES.find((n) => sql.startsWith(`INSERT INTO ${t(n)} `)) ?? "runs";
    const earlier = readPending(file);
    const current = runLogInserts(this.dialect, this.catalog, run, summary, this.project).map((sql) => ({ runId: run.runId, table: tableOf(sql), sql }));
    const written = async (p: PendingStatement) =>
      Boolean((await this.client.query(`SELECT count(*) FROM ${t(p.table)} WHERE run_id = ${this.dialect.quoteLiteral(p.runId)}`)).rows[0]?.[0]);
    const r = await writeStatements(this.client, runLogDdl(this.dialect, this.catalog, this.locationBase), [...earlier, ...current], earlier.length, written);
    appendRejected(rejectedRunLogFile(this.project), r.rejected);
    if (earlier.length || r.left.length) rewritePending(file, r.left);
    if (r.error !== undefined) {
      throw new LakeformError("warehouse", `run log not written (${errorMessage(r.error)}); kept in ${file}, the next run writes it`, { cause: r.error });
    }
    const first = r.rejected[0];
    if (first) throw new LakeformError("warehouse", `${r.rejected.length} run-log statement(s) refused by Trino (${first.error}); kept in ${rejectedRunLogFile(this.project)}`);
  }
}
