/**
 * Renders the SQL statements for one action given what the warehouse holds at its target.
 * Pure: dialect + action + state in, ordered statements out. The planner decides which
 * actions to run; the runner executes `statements` in order and interprets the roles.
 */

import type { Diagnostic } from "../common/errors.js";
import type { Dialect } from "./dialect.js";
import type { Action, IncrementalAction, TableAction, ViewAction } from "../compile/graph.js";
import type { RenderedAction, RenderedStatement, RenderOptions, StatementRole, TargetState, WarehouseColumn } from "./render-types.js";
import { diffColumns, isEmptyDiff, writableColumns } from "./schema-change.js";
import { wholeRange } from "./time-range.js";
import { renderSeed } from "./seed.js";
import { renderSwappedTable } from "./catalogs.js";
import { renderReplace, renderSnapshot, strategyOf } from "./strategies.js";

export * from "./render-types.js";

const ABSENT: TargetState = { exists: false };

function stmts(d: Dialect, role: StatementRole, list: readonly string[]): RenderedStatement[] {
  return list.map((sql) => ({ role, sql: d.statement(sql) })).filter((s) => s.sql.length > 0);
}

/** Replacing a view with a table (or back) needs a DROP first: CREATE OR REPLACE keeps the kind. */
function dropOtherKind(d: Dialect, a: Action, state: TargetState, want: "table" | "view"): RenderedStatement[] {
  if (!state.exists || state.kind === undefined || state.kind === want) return [];
  return [{ role: "drop-relation", sql: d.dropRelation(a.target, state.kind === "view" ? "VIEW" : "TABLE") }];
}

function fullBuild(d: Dialect, a: TableAction | IncrementalAction, state: TargetState): RenderedStatement[] {
  return [
    ...dropOtherKind(d, a, state, "table"),
    ...stmts(d, "pre-op", a.preOps),
    { role: "create", sql: d.createTableAs(a.target, a.query, a.iceberg, a.description) },
    ...stmts(d, "post-op", a.postOps),
  ];
}

function view(d: Dialect, a: ViewAction, state: TargetState): RenderedStatement[] {
  return [
    ...dropOtherKind(d, a, state, "view"),
    ...stmts(d, "pre-op", a.preOps),
    { role: "create", sql: d.createView(a.target, a.query, a.description) },
    ...stmts(d, "post-op", a.postOps),
  ];
}

/** Columns for explicit MERGE/INSERT lists: the query's if known, else the table's, else the docs'. */
function knownColumns(a: IncrementalAction, state: TargetState, options: RenderOptions): readonly WarehouseColumn[] | undefined {
  if (options.sourceColumns?.length) return options.sourceColumns;
  if (state.columns?.length) return state.columns;
  const documented = a.columns.filter((c) => c.path.length === 1).map((c) => ({ name: c.path[0] ?? "", type: c.type ?? "" }));
  return documented.length ? documented : undefined;
}

function updateColumns(a: IncrementalAction, columns: readonly string[]): string[] {
  const key = new Set(a.uniqueKey.map((k) => k.toLowerCase()));
  let cols = columns.filter((c) => !key.has(c.toLowerCase()));
  if (a.mergeUpdateColumns) {
    const only = new Set(a.mergeUpdateColumns.map((c) => c.toLowerCase()));
    cols = cols.filter((c) => only.has(c.toLowerCase()));
  }
  if (a.mergeExcludeColumns) {
    const skip = new Set(a.mergeExcludeColumns.map((c) => c.toLowerCase()));
    cols = cols.filter((c) => !skip.has(c.toLowerCase()));
  }
  return cols;
}

/** The change guard's columns, spelled as the table spells them. */
function changeColumns(a: IncrementalAction, columns: readonly string[], updates: readonly string[]): { columns: string[]; unknown: string[] } {
  if (a.mergeChangeColumns === false) return { columns: [], unknown: [] };
  if (!a.mergeChangeColumns) return { columns: [...updates], unknown: [] };
  const byLower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  const found = a.mergeChangeColumns.map((c) => byLower.get(c.toLowerCase()));
  return { columns: found.filter((c): c is string => c !== undefined), unknown: a.mergeChangeColumns.filter((_, i) => found[i] === undefined) };
}

function incremental(d: Dialect, a: IncrementalAction, state: TargetState, options: RenderOptions): { mode: RenderedAction["mode"]; statements: RenderedStatement[]; diagnostics: Diagnostic[] } {
  if (a.snapshot) return renderSnapshot(d, a, a.snapshot, state);
  const rebuild = options.fullRefresh === true && !a.protected;
  if (!state.exists || state.kind === "view" || rebuild) {
    return { mode: state.exists ? "incremental-full-refresh" : "incremental-create", statements: fullBuild(d, a, state), diagnostics: [] };
  }
  const diagnostics: Diagnostic[] = [];
  const alters: RenderedStatement[] = [];
  let columns = knownColumns(a, state, options)?.map((c) => c.name);
  if (options.sourceColumns?.length && state.columns?.length) {
    const diff = diffColumns(state.columns, options.sourceColumns);
    if (!isEmptyDiff(diff) && a.onSchemaChange === "FAIL") {
      const names = [...diff.added.map((c) => `+${c.name}`), ...diff.removed.map((c) => `-${c.name}`), ...diff.retyped.map((c) => `~${c.name}`)];
      diagnostics.push({ severity: "error", code: "schema-changed", message: `${a.key}: the query's columns changed (${names.join(", ")}) and onSchemaChange is FAIL`, location: a.location, hint: 'set onSchemaChange: "EXTEND" or "SYNCHRONIZE", or run with --full-refresh' });
      return { mode: strategyOf(a) === "append" ? "append" : "merge", statements: [], diagnostics };
    }
    if (a.onSchemaChange === "EXTEND" || a.onSchemaChange === "SYNCHRONIZE") {
      alters.push(...diff.added.map((c) => ({ role: "schema-change" as const, sql: d.addColumn(a.target, c) })));
    }
    if (a.onSchemaChange === "SYNCHRONIZE") {
      alters.push(...diff.removed.map((c) => ({ role: "schema-change" as const, sql: d.dropColumn(a.target, c.name) })));
      alters.push(...diff.retyped.map((c) => ({ role: "schema-change" as const, sql: d.setColumnType(a.target, c) })));
    }
    columns = writableColumns(a.onSchemaChange, state.columns, options.sourceColumns);
  }
  const pre = stmts(d, "pre-op", a.incrementalPreOps);
  const post = stmts(d, "post-op", a.incrementalPostOps);
  const strategy = strategyOf(a);
  if (strategy === "append") {
    return { mode: "append", statements: [...pre, ...alters, { role: "insert", sql: d.insert(a.target, a.incrementalQuery, columns) }, ...post], diagnostics };
  }
  if (!columns?.length) {
    diagnostics.push({ severity: "error", code: "columns-unknown", message: `${a.key}: MERGE needs the column list, which is unknown until the table exists`, location: a.location, hint: "pass the target's columns in the warehouse state (or document them in `columns`)" });
    return { mode: "merge", statements: [], diagnostics };
  }
  if (strategy === "delete+insert" || strategy === "insert_overwrite") {
    const typed = knownColumns(a, state, options) ?? [];
    const byName = new Map(typed.map((c) => [c.name.toLowerCase(), c]));
    const r = renderReplace(d, a, strategy, columns.map((c) => byName.get(c.toLowerCase()) ?? { name: c, type: "" }), { pre, alters, post });
    return { ...r, diagnostics: [...diagnostics, ...r.diagnostics] };
  }
  const predicates = [...(a.updatePartitionFilter ? [a.updatePartitionFilter] : []), ...a.incrementalPredicates];
  const updates = updateColumns(a, columns);
  const change = changeColumns(a, columns, updates);
  if (change.unknown.length) {
    diagnostics.push({
      severity: "error",
      code: "unknown-change-column",
      message: `${a.key}: mergeChangeColumns names column(s) the table does not have: ${change.unknown.join(", ")}`,
      location: a.location,
      hint: `columns: ${columns.join(", ")}`,
    });
    return { mode: "merge", statements: [], diagnostics };
  }
  const merge = d.merge({ target: a.target, query: a.incrementalQuery, uniqueKey: a.uniqueKey, columns, updateColumns: updates, changeColumns: change.columns, predicates });
  return { mode: "merge", statements: [...pre, ...alters, { role: "merge", sql: merge }, ...post], diagnostics };
}

export function renderAction(d: Dialect, a: Action, state: TargetState = ABSENT, options: RenderOptions = {}): RenderedAction {
  const done = (mode: RenderedAction["mode"], statements: RenderedStatement[], diagnostics: Diagnostic[] = []): RenderedAction => ({ key: a.key, mode, statements, diagnostics });
  switch (a.kind) {
    case "table": {
      if (options.catalog && !options.catalog.createOrReplaceTable) {
        const r = renderSwappedTable(d, a, state, options.catalog, options.sourceColumns, (role, list) => stmts(d, role, list));
        return done("create-table", r.statements, r.diagnostics);
      }
      return done("create-table", fullBuild(d, a, state));
    }
    case "view":
      return done("create-view", view(d, a, state));
    case "incremental": {
      const r = incremental(d, a, state, options);
      return done(r.mode, r.statements, r.diagnostics);
    }
    case "operations":
      return done("operations", stmts(d, "operation", a.queries));
    case "assertion":
      return done("assertion", [{ role: "assertion", sql: d.assertionCheck(a.query) }]);
    case "test":
      // A unit test of a time-range model sees one interval covering all its input rows.
      return done("test", [{ role: "test", sql: d.testDiff(wholeRange(d, a.query), a.expectedQuery) }]);
    case "declaration":
      return done("declaration", []);
    case "seed":
      return renderSeed(d, a, state, { fullRefresh: options.fullRefresh === true, storedHash: options.seedHash });
  }
}
