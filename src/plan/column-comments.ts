/**
 * Column descriptions persisted as Iceberg column comments (`COMMENT ON COLUMN`, a metadata-only
 * commit: no snapshot). Trino 476 has no statement that sets several column comments at once and
 * `CREATE OR REPLACE TABLE … AS` cannot carry them (its column list takes names only), so the
 * batching is by need: a rebuilt table (whose replace drops every comment) gets one statement per
 * documented column; a table written in place (MERGE, INSERT) only those whose comment changed;
 * an untouched table (an unchanged seed) none.
 */

import type { Action, Graph } from "../compile/graph.js";
import type { Dialect } from "./dialect.js";
import type { RenderedStatement, TargetState } from "./render-types.js";

export interface ColumnCommentState {
  /** Comments the existing tables carry, by key, then column. */
  readonly stored: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Output columns of documented models whose table does not exist yet, by key. */
  readonly columns: ReadonlyMap<string, readonly string[]>;
}

/** Table-producing actions with at least one described top-level column. */
export function documentedModels(graph: Graph, keys: ReadonlySet<string>): Action[] {
  return graph.actions.filter((a) => keys.has(a.key) && (a.kind === "table" || a.kind === "incremental" || a.kind === "seed") && a.columns.some((c) => c.path.length === 1 && c.description));
}

const REPLACES = new Set(["create"]);
const WRITES_IN_PLACE = new Set(["merge", "insert"]);

export function commentStatements(d: Dialect, a: Action, statements: readonly RenderedStatement[], state: TargetState, info: ColumnCommentState | undefined): RenderedStatement[] {
  if (!info || !(a.kind === "table" || a.kind === "incremental" || a.kind === "seed")) return [];
  const replaced = statements.some((s) => REPLACES.has(s.role));
  if (!replaced && !statements.some((s) => WRITES_IN_PLACE.has(s.role))) return [];
  // The columns the table has after this task: the seed's, the probed query's, else the table's.
  const known = a.kind === "seed" ? a.seedColumns.map((c) => c.name) : (info.columns.get(a.key) ?? state.columns?.map((c) => c.name) ?? []);
  const byLower = new Map(known.map((c) => [c.toLowerCase(), c]));
  const stored = replaced ? new Map<string, string>() : (info.stored.get(a.key) ?? new Map<string, string>());
  const out: RenderedStatement[] = [];
  for (const c of a.columns) {
    const name = c.path.length === 1 ? byLower.get((c.path[0] ?? "").toLowerCase()) : undefined;
    if (!name || !c.description || stored.get(name) === c.description) continue;
    out.push({ role: "comment", sql: d.commentOnColumn(a.target, name, c.description) });
  }
  return out;
}
