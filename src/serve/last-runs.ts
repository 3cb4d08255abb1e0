/**
 * When each workflow last ran (not cancelled), from the run log — what catch-up compares with its
 * cron. Model workflows are recorded in `lakeform.runs`; maintain workflows in
 * `lakeform.maintenance_runs` (one row per table, the run starting at its first table).
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { SqlQuoting } from "../common/sql-quoting.js";
import { TrinoQueryError } from "../adapters/trino/client.js";
import { RUN_LOG_SCHEMA } from "../plan/run-log.js";

const filter = (d: SqlQuoting, project: string, names: readonly string[]) =>
  `project = ${d.quoteLiteral(project)} AND workflow IN (${names.map((n) => d.quoteLiteral(n)).join(", ")})`;

/** `project` is the run log's project column (the project directory), so projects sharing a catalog do not mix. */
export function lastRunsSql(d: SqlQuoting, catalog: string, project: string, names: readonly string[]): string {
  const runs = d.quoteTarget({ database: catalog, schema: RUN_LOG_SCHEMA, name: "runs" });
  return `SELECT workflow, to_unixtime(max(started_at)) AS started FROM ${runs} WHERE ${filter(d, project, names)} AND status <> 'cancelled' GROUP BY workflow`;
}

/** The same for maintain workflows: a run's start is its first table's. */
export function lastMaintenanceRunsSql(d: SqlQuoting, catalog: string, project: string, names: readonly string[]): string {
  const runs = d.quoteTarget({ database: catalog, schema: RUN_LOG_SCHEMA, name: "maintenance_runs" });
  return `SELECT workflow, to_unixtime(max(started)) AS started FROM (SELECT workflow, run_id, min(started_at) AS started FROM ${runs} WHERE ${filter(d, project, names)} AND NOT dry_run GROUP BY workflow, run_id) GROUP BY workflow`;
}

async function read(client: TrinoClient, sql: string, into: Map<string, Date>): Promise<void> {
  try {
    const rows = await client.queryObjects<{ workflow: string; started: number }>(sql, { timeoutMs: 30_000 });
    for (const r of rows) {
      const at = new Date(Number(r.started) * 1000);
      const seen = into.get(r.workflow);
      if (!seen || seen.getTime() < at.getTime()) into.set(r.workflow, at);
    }
  } catch (e) {
    // No run log yet, or one from before workflows (no `workflow` column): nothing ran as a workflow.
    if (e instanceof TrinoQueryError && /TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|COLUMN_NOT_FOUND/.test(e.errorName ?? "")) return;
    throw e;
  }
}

export async function lastRuns(client: TrinoClient, d: SqlQuoting, catalog: string, project: string, names: readonly string[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (names.length === 0) return out;
  await read(client, lastRunsSql(d, catalog, project, names), out);
  await read(client, lastMaintenanceRunsSql(d, catalog, project, names), out);
  return out;
}
