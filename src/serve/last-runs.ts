/** When each workflow last ran (not cancelled), from the run log — what catch-up compares with its cron. */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { SqlQuoting } from "../common/sql-quoting.js";
import { TrinoQueryError } from "../adapters/trino/client.js";
import { RUN_LOG_SCHEMA } from "../plan/run-log.js";

/** `project` is the run log's project column (the project directory), so projects sharing a catalog do not mix. */
export function lastRunsSql(d: SqlQuoting, catalog: string, project: string, names: readonly string[]): string {
  const runs = d.quoteTarget({ database: catalog, schema: RUN_LOG_SCHEMA, name: "runs" });
  return `SELECT workflow, to_unixtime(max(started_at)) AS started FROM ${runs} WHERE project = ${d.quoteLiteral(project)} AND workflow IN (${names.map((n) => d.quoteLiteral(n)).join(", ")}) AND status <> 'cancelled' GROUP BY workflow`;
}

export async function lastRuns(client: TrinoClient, d: SqlQuoting, catalog: string, project: string, names: readonly string[]): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  if (names.length === 0) return out;
  try {
    const rows = await client.queryObjects<{ workflow: string; started: number }>(lastRunsSql(d, catalog, project, names), { timeoutMs: 30_000 });
    for (const r of rows) out.set(r.workflow, new Date(Number(r.started) * 1000));
  } catch (e) {
    // No run log yet, or one from before workflows (no `workflow` column): nothing ran as a workflow.
    if (e instanceof TrinoQueryError && /TABLE_NOT_FOUND|SCHEMA_NOT_FOUND|COLUMN_NOT_FOUND/.test(e.errorName ?? "")) return out;
    throw e;
  }
  return out;
}
