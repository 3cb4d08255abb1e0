/**
 * Executes `lakeform maintain` for a list of tables: reads each table's figures, runs what the
 * policy calls for (plan/maintenance.ts decides, the dialect renders), reads the figures again.
 * `expire_snapshots` is decided on figures read right after the compaction, so the newest
 * snapshots it must keep are measured just before it runs. Dry: reads only.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import { TrinoQueryError } from "../adapters/trino/errors.js";
import { randomUUID } from "node:crypto";
import { DiagnosticsError, errorMessage, LakeformError } from "../common/errors.js";
import type { Graph } from "../compile/graph.js";
import { projectMaintenance } from "../config/maintenance-policy.js";
import { selectActions, type Selection } from "../plan/select.js";
import type { Dialect } from "../plan/dialect.js";
import { expireStep, maintenanceTargets, optimizeStep, orphanStep, planMaintenanceLog, statsQuery, type MaintenanceTarget, type TableStats } from "../plan/maintenance.js";

export interface MaintainReport {
  readonly key: string;
  readonly status: "maintained" | "planned" | "missing" | "failed";
  /** SQL executed (or, dry, that would be). */
  readonly statements: readonly string[];
  readonly reasons: readonly string[];
  readonly before?: TableStats | undefined;
  readonly after?: TableStats | undefined;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly error?: string | undefined;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

async function readStats(client: TrinoClient, d: Dialect, t: MaintenanceTarget, signal?: AbortSignal): Promise<TableStats> {
  const r = await client.query(statsQuery(d, t), { signal });
  const row = r.rows[0] ?? [];
  return { files: num(row[0]) ?? 0, smallFiles: num(row[1]) ?? 0, avgFileBytes: num(row[2]), snapshots: num(row[3]) ?? 0, lastOptimizeAgeMs: num(row[4]), retainedAgeMs: num(row[5]) };
}

export async function maintainTable(client: TrinoClient, d: Dialect, t: MaintenanceTarget, o: { dryRun: boolean; signal?: AbortSignal | undefined; now?: () => Date }): Promise<MaintainReport> {
  const now = o.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const statements: string[] = [];
  const reasons: string[] = [];
  let before: TableStats | undefined;
  const exec = async (step: { statement?: { sql: string }; reason: string }) => {
    reasons.push(step.reason);
    if (!step.statement) return false;
    statements.push(step.statement.sql);
    if (!o.dryRun) await client.query(step.statement.sql, { signal: o.signal });
    return true;
  };
  try {
    before = await readStats(client, d, t, o.signal);
    const compacted = await exec(optimizeStep(d, t, before));
    const mid = compacted && !o.dryRun ? await readStats(client, d, t, o.signal) : before;
    await exec(expireStep(d, t, mid));
    await exec(orphanStep(d, t));
    const after = o.dryRun ? undefined : await readStats(client, d, t, o.signal);
    return { key: t.key, status: o.dryRun ? "planned" : "maintained", statements, reasons, before, after, startedAt, endedAt: now().toISOString() };
  } catch (e) {
    if (!before && e instanceof TrinoQueryError && (e.errorName === "TABLE_NOT_FOUND" || e.errorName === "SCHEMA_NOT_FOUND")) {
      return { key: t.key, status: "missing", statements, reasons: ["not built yet"], startedAt, endedAt: now().toISOString() };
    }
    return { key: t.key, status: "failed", statements, reasons, before, startedAt, endedAt: now().toISOString(), error: errorMessage(e) };
  }
}

export function maintenanceLogRows(runId: string, reports: readonly MaintainReport[], dryRun: boolean): Record<string, unknown>[] {
  return reports.map((r) => ({
    run_id: runId,
    table_key: r.key,
    status: r.status,
    dry_run: dryRun,
    operations: r.statements,
    files_before: r.before?.files ?? null,
    files_after: r.after?.files ?? null,
    avg_file_bytes_before: r.before?.avgFileBytes ?? null,
    avg_file_bytes_after: r.after?.avgFileBytes ?? null,
    snapshots_before: r.before?.snapshots ?? null,
    snapshots_after: r.after?.snapshots ?? null,
    started_at: r.startedAt,
    ended_at: r.endedAt,
    error: r.error?.slice(0, 4000) ?? null,
  }));
}

export interface MaintenanceRun {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly reports: readonly MaintainReport[];
}

/**
 * Maintains the tables of a graph's selection (all when nothing is selected) one after the other,
 * then records the figures in `lakeform.maintenance_runs` (not for a dry run). A run-log failure
 * is a warning.
 */
export async function runMaintenance(req: {
  client: TrinoClient;
  dialect: Dialect;
  graph: Graph;
  selection: Selection;
  dryRun: boolean;
  runLog: boolean;
  signal?: AbortSignal | undefined;
  onTable?: (r: MaintainReport) => void;
}): Promise<MaintenanceRun> {
  const project = projectMaintenance(req.graph.settings.lakeform);
  if ("error" in project) throw new LakeformError("usage", project.error, { hint: 'e.g. "lakeform": { "iceberg": { "maintenance": { "retainSnapshots": 10, "olderThan": "7d", "layers": { "bronze": { "optimizeEvery": "1h" } } } } }' });
  const { keys, diagnostics } = selectActions(req.graph, req.selection);
  const errors = diagnostics.filter((x) => x.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, "the selection has errors");
  const runId = randomUUID();
  const reports: MaintainReport[] = [];
  for (const t of maintenanceTargets(req.graph, project, keys)) {
    if (req.signal?.aborted) break;
    const r = await maintainTable(req.client, req.dialect, t, { dryRun: req.dryRun, signal: req.signal });
    reports.push(r);
    req.onTable?.(r);
  }
  if (req.runLog && !req.dryRun && reports.length) {
    try {
      for (const s of planMaintenanceLog(req.dialect, req.graph.settings.defaultDatabase, req.graph.settings.locationBase)) {
        await req.client.query(s.sql, s.parameter ? { parameters: [JSON.stringify(maintenanceLogRows(runId, reports, req.dryRun))] } : {});
      }
    } catch (e) {
      process.emitWarning(`maintenance run log not written: ${errorMessage(e)}`);
    }
  }
  return { runId, dryRun: req.dryRun, reports };
}
