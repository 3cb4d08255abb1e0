/**
 * Iceberg table maintenance (`lakeform maintain`, `serve`'s `maintain` workflows): which tables,
 * under which policy, and — given a table's figures read from `$files`/`$snapshots` — which of
 * `optimize`, `expire_snapshots` and `remove_orphan_files` to run. Pure: the runner reads the
 * figures (the dialect's `maintenanceStats`) and executes what this returns.
 *
 * Tables: every table and incremental the project builds, the bronze (and dead-letter) tables the
 * ingester lands (stream declarations), and declared tables whose config sets
 * `iceberg: { maintenance: {...} }`. A model's policy wins over its layer's (the canonical schema
 * under `lakeform.iceberg.maintenance.layers`), which wins over the project's, key by key.
 */
import type { Target } from "../common/target.js";
import { DEFAULT_MAINTENANCE, dataSizeBytes, durationMs, type MaintenancePolicy, type ProjectMaintenance } from "../config/maintenance-policy.js";
import type { Action, Graph } from "../compile/graph.js";
import type { Dialect } from "./dialect.js";
import type { RenderedStatement } from "./render-types.js";
import { RUN_LOG_SCHEMA, RUN_LOG_TABLES, runLogTarget } from "./run-log.js";

export type ResolvedPolicy = typeof DEFAULT_MAINTENANCE;

export interface MaintenanceTarget {
  readonly key: string;
  readonly target: Target;
  readonly kind: Action["kind"];
  readonly policy: ResolvedPolicy;
}

/** A table's figures (one query: `Dialect.maintenanceStats`). */
export interface TableStats {
  readonly files: number;
  /** Files under the policy's size threshold. */
  readonly smallFiles: number;
  readonly avgFileBytes: number | null;
  readonly snapshots: number;
  /** Since the newest `replace` snapshot (an optimize); null: never compacted. */
  readonly lastOptimizeAgeMs: number | null;
  /** Age of the oldest of the newest `retainSnapshots` snapshots. */
  readonly retainedAgeMs: number | null;
}

const isStreamTable = (a: Action) => a.kind === "declaration" && a.stream !== undefined;

function ownPolicy(a: Action): MaintenancePolicy | false | undefined {
  if (a.kind === "table" || a.kind === "incremental" || a.kind === "declaration") return a.iceberg?.maintenance;
  return undefined;
}

export function maintenanceTargets(graph: Graph, project: ProjectMaintenance, keys?: ReadonlySet<string>): MaintenanceTarget[] {
  const out: MaintenanceTarget[] = [];
  for (const a of graph.actions) {
    if (a.disabled || (keys && !keys.has(a.key))) continue;
    const own = ownPolicy(a);
    const covered = a.kind === "table" || a.kind === "incremental" || isStreamTable(a) || (a.kind === "declaration" && own !== undefined);
    if (!covered || own === false) continue;
    const layer = project.layers[a.canonicalTarget.schema];
    if (layer === false && own === undefined) continue;
    out.push({ key: a.key, target: a.target, kind: a.kind, policy: { ...DEFAULT_MAINTENANCE, ...project.policy, ...(layer || {}), ...(own ?? {}) } });
  }
  return out;
}

export function statsQuery(d: Dialect, t: MaintenanceTarget): string {
  return d.maintenanceStats(t.target, dataSizeBytes(t.policy.fileSizeThreshold), t.policy.retainSnapshots);
}

/** Compaction, when at least two files are small and the last one is older than `optimizeEvery`. */
export function optimizeStep(d: Dialect, t: MaintenanceTarget, s: TableStats): { statement?: RenderedStatement; reason: string } {
  if (s.smallFiles < 2) return { reason: `optimize skipped: ${s.smallFiles} file(s) under ${t.policy.fileSizeThreshold}` };
  const every = t.policy.optimizeEvery;
  if (every !== undefined && s.lastOptimizeAgeMs !== null && s.lastOptimizeAgeMs < durationMs(every)) {
    return { reason: `optimize skipped: last compaction ${Math.round(s.lastOptimizeAgeMs / 1000)} s ago (optimizeEvery ${every})` };
  }
  return { statement: { role: "maintenance", sql: d.optimize(t.target, t.policy.fileSizeThreshold) }, reason: `optimize: ${s.smallFiles} of ${s.files} file(s) under ${t.policy.fileSizeThreshold}` };
}

/**
 * Margin over the age of the newest-kept snapshot: `expire_snapshots` measures its threshold from
 * its own start, a moment after the figures were read. Trino 476's procedure has no `retain_last`
 * ("property 'retain_last' does not exist") and refuses `history.expire.min-snapshots-to-keep` in
 * `extra_properties`, so the count is turned into an age.
 */
export const RETAIN_MARGIN_MS = 5_000;

/** Expiry older than `olderThan`, never touching the newest `retainSnapshots` snapshots. */
export function expireStep(d: Dialect, t: MaintenanceTarget, s: TableStats): { statement?: RenderedStatement; reason: string } {
  if (s.snapshots <= t.policy.retainSnapshots) return { reason: `expire skipped: ${s.snapshots} snapshot(s), retainSnapshots ${t.policy.retainSnapshots}` };
  const older = durationMs(t.policy.olderThan);
  const keep = s.retainedAgeMs === null ? 0 : s.retainedAgeMs + RETAIN_MARGIN_MS;
  const ms = Math.max(older, keep);
  const threshold = `${Math.ceil(ms / 1000)}s`;
  return { statement: { role: "maintenance", sql: d.expireSnapshots(t.target, threshold) }, reason: `expire snapshots older than ${threshold} (olderThan ${t.policy.olderThan}, keeping the newest ${t.policy.retainSnapshots})` };
}

export function orphanStep(d: Dialect, t: MaintenanceTarget): { statement?: RenderedStatement; reason: string } {
  if (!t.policy.removeOrphanFiles) return { reason: "remove_orphan_files skipped: removeOrphanFiles false" };
  return { statement: { role: "maintenance", sql: d.removeOrphanFiles(t.target, t.policy.olderThan) }, reason: `remove orphan files older than ${t.policy.olderThan}` };
}

/** The run log of `lakeform maintain`: `lakeform.maintenance_runs`, created if missing, one INSERT. */
export function planMaintenanceLog(d: Dialect, catalog: string, locationBase: string): RenderedStatement[] {
  const t = runLogTarget(catalog, "maintenance");
  return [
    { role: "run-log", sql: d.createSchema(catalog, RUN_LOG_SCHEMA, `${locationBase.replace(/\/+$/, "")}/${RUN_LOG_SCHEMA}`) },
    { role: "run-log", sql: d.createTableIfNotExists(t, RUN_LOG_TABLES.maintenance.columns, RUN_LOG_TABLES.maintenance.partitioning) },
    { role: "run-log", sql: d.insertJsonRows(t, RUN_LOG_TABLES.maintenance.columns), parameter: "maintenance" },
  ];
}
