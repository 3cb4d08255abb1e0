/**
 * The statements of the incremental strategies beyond MERGE and append (delete+insert,
 * insert_overwrite) and of SCD type 2 snapshots. Every one writes with ONE statement, so a run
 * is one Iceberg commit and readers never see a half-replaced key, partition or history.
 */

import type { Diagnostic } from "../common/errors.js";
import type { IncrementalAction, IncrementalStrategy, SnapshotSpec } from "../compile/graph.js";
import { parsePartitionField, SNAPSHOT_COLUMNS, type PartitionField } from "../compile/strategy-config.js";
import type { Column, Dialect, SnapshotMergeSpec } from "./dialect.js";
import type { RenderedStatement, RenderMode, TargetState, WarehouseColumn } from "./render-types.js";

export interface StrategyRender {
  readonly mode: RenderMode;
  readonly statements: RenderedStatement[];
  readonly diagnostics: Diagnostic[];
}

/** The strategy an incremental run uses: as configured, else MERGE with a uniqueKey, else append. */
export function strategyOf(a: IncrementalAction): IncrementalStrategy {
  return a.incrementalStrategy ?? (a.uniqueKey.length ? "merge" : "append");
}

/**
 * delete+insert or insert_overwrite between the run's pre- and post-operations. `columns` are the
 * written columns (typed where the table's types are known).
 */
export function renderReplace(
  d: Dialect,
  a: IncrementalAction,
  strategy: "delete+insert" | "insert_overwrite",
  columns: readonly WarehouseColumn[],
  around: { pre: RenderedStatement[]; alters: RenderedStatement[]; post: RenderedStatement[] },
): StrategyRender {
  const mode: RenderMode = strategy === "delete+insert" ? "delete-insert" : "insert-overwrite";
  const diagnostics: Diagnostic[] = [];
  const names = new Set(columns.map((c) => c.name.toLowerCase()));
  const fields = (a.iceberg.partitioning ?? []).map(parsePartitionField).filter((f): f is PartitionField => !("unsupported" in f));
  const named = strategy === "delete+insert" ? a.uniqueKey : fields.map((f) => f.column);
  const unknown = named.filter((c) => !names.has(c.toLowerCase()));
  if (unknown.length) {
    diagnostics.push({
      severity: "error",
      code: "unknown-snapshot-column",
      message: `${a.key}: ${strategy === "delete+insert" ? "uniqueKey" : "the partitioning"} names column(s) the table does not have: ${unknown.join(", ")}`,
      location: a.location,
      hint: `columns: ${columns.map((c) => c.name).join(", ")}`,
    });
    return { mode, statements: [], diagnostics };
  }
  const predicates = [...(a.updatePartitionFilter ? [a.updatePartitionFilter] : []), ...a.incrementalPredicates];
  const replace = strategy === "delete+insert" ? { kind: "keys" as const, keys: a.uniqueKey } : { kind: "partitions" as const, fields };
  const sql = d.replaceMerge({ target: a.target, query: a.incrementalQuery, columns: columns as readonly Column[], replace, predicates });
  return { mode, statements: [...around.pre, ...around.alters, { role: "merge", sql }, ...around.post], diagnostics };
}

function isSnapshotColumn(name: string): boolean {
  return (SNAPSHOT_COLUMNS as readonly string[]).includes(name.toLowerCase());
}

/**
 * A snapshot: the first run creates the table with every row of the query as its current version;
 * each later run is one MERGE (`snapshot-merge`) that commits nothing when nothing changed.
 */
export function renderSnapshot(d: Dialect, a: IncrementalAction, s: SnapshotSpec, state: TargetState): StrategyRender {
  const pre = a.preOps.map((sql) => ({ role: "pre-op" as const, sql: d.statement(sql) })).filter((x) => x.sql.length > 0);
  const spec = (columns: readonly string[], checkColumns: readonly string[]): SnapshotMergeSpec => ({
    target: a.target,
    query: state.exists ? a.incrementalQuery : a.query,
    uniqueKey: a.uniqueKey,
    columns,
    strategy: s.strategy,
    ...(s.updatedAt !== undefined ? { updatedAt: s.updatedAt } : {}),
    checkColumns,
    invalidateHardDeletes: s.invalidateHardDeletes,
  });
  if (!state.exists || state.kind === "view") {
    const drop: RenderedStatement[] = state.kind === "view" ? [{ role: "drop-relation", sql: d.dropRelation(a.target, "VIEW") }] : [];
    const post = a.postOps.map((sql) => ({ role: "post-op" as const, sql: d.statement(sql) })).filter((x) => x.sql.length > 0);
    const create = d.createTableAs(a.target, d.snapshotTableQuery(spec([], [])), a.iceberg, a.description);
    return { mode: "snapshot-create", statements: [...drop, ...pre, { role: "create", sql: create }, ...post], diagnostics: [] };
  }
  const diagnostics: Diagnostic[] = [];
  const columns = (state.columns ?? []).map((c) => c.name).filter((c) => !isSnapshotColumn(c));
  if (columns.length === 0) {
    diagnostics.push({ severity: "error", code: "columns-unknown", message: `${a.key}: the snapshot MERGE needs the table's columns`, location: a.location, hint: "pass the target's columns in the warehouse state" });
    return { mode: "snapshot", statements: [], diagnostics };
  }
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const key = new Set(a.uniqueKey.map((k) => k.toLowerCase()));
  const checked = s.checkColumns ?? columns.filter((c) => !key.has(c.toLowerCase()));
  const named = [...a.uniqueKey, ...(s.updatedAt !== undefined ? [s.updatedAt] : []), ...checked];
  const missing = [...new Set(named.filter((c) => !byLower.has(c.toLowerCase())))];
  if (missing.length) {
    diagnostics.push({
      severity: "error",
      code: "unknown-snapshot-column",
      message: `${a.key}: the snapshot names column(s) its table does not have: ${missing.join(", ")}`,
      location: s.columnsLocation ?? a.location,
      hint: `columns: ${columns.join(", ")}`,
    });
    return { mode: "snapshot", statements: [], diagnostics };
  }
  const incPre = a.incrementalPreOps.map((sql) => ({ role: "pre-op" as const, sql: d.statement(sql) })).filter((x) => x.sql.length > 0);
  const incPost = a.incrementalPostOps.map((sql) => ({ role: "post-op" as const, sql: d.statement(sql) })).filter((x) => x.sql.length > 0);
  const merge = d.snapshotMerge(spec(columns, checked.map((c) => byLower.get(c.toLowerCase()) ?? c)));
  return { mode: "snapshot", statements: [...incPre, { role: "merge", sql: merge }, ...incPost], diagnostics };
}
