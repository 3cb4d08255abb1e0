/**
 * Targets outside Iceberg. Declarations may read any Trino catalog; models write only where the
 * catalog's capabilities allow, and a `table` in a catalog without `CREATE OR REPLACE TABLE`
 * (Trino's PostgreSQL connector: a "serving" table apps read) is rebuilt beside the live one and
 * swapped in by renames:
 *
 *   DROP TABLE IF EXISTS x__lakeform_new          -- leftovers of a run that died mid-way
 *   CREATE TABLE x__lakeform_new AS SELECT …      -- the whole build; x is untouched meanwhile
 *   DROP TABLE IF EXISTS x__lakeform_old
 *   ALTER TABLE x RENAME TO x__lakeform_old       -- only if x exists
 *   ALTER TABLE x__lakeform_new RENAME TO x
 *   DROP TABLE IF EXISTS x__lakeform_old
 *
 * What readers get: every read sees either the whole previous table or the whole new one, never a
 * partly written or empty one. It is not atomic: between the two renames (two autocommitted
 * statements, one Trino round trip apart) `x` does not exist and a read fails with "table does
 * not exist"; a run that dies there leaves `x__lakeform_old` holding the last data and the next
 * run recreates `x`. Pure: the dialect renders, this file decides.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Target } from "../common/target.js";
import type { Action, Graph, TableAction } from "../compile/graph.js";
import type { CatalogCapabilities, Dialect, StorableColumn } from "./dialect.js";
import type { WarehouseState } from "./introspection.js";
import type { RenderedStatement, TargetState, WarehouseColumn } from "./render-types.js";

export const STAGING_SUFFIX = "__lakeform_new";
export const PREVIOUS_SUFFIX = "__lakeform_old";
/** PostgreSQL truncates identifiers to 63 bytes, so a long name plus a suffix could collide. */
const MAX_IDENTIFIER = 63;

/** Every catalog the graph names: targets of models and declarations, and the project's own. */
export function catalogsOf(graph: Graph): string[] {
  const out = new Set<string>([graph.settings.defaultDatabase]);
  for (const a of graph.actions) if (a.kind !== "test") out.add(a.target.database);
  return [...out].sort();
}

export function capabilitiesFor(d: Dialect, state: WarehouseState, catalog: string): CatalogCapabilities {
  return d.capabilities(state.catalogs?.get(catalog));
}

/** A table whose full rebuild needs the staging-and-swap statements. */
export function isSwappedTable(d: Dialect, state: WarehouseState, a: Action): a is TableAction {
  return a.kind === "table" && !capabilitiesFor(d, state, a.target.database).createOrReplaceTable;
}

/** Mistakes only the catalogs' kinds reveal: an unknown catalog, or a model its catalog cannot hold. */
export function catalogDiagnostics(d: Dialect, state: WarehouseState, actions: readonly Action[]): Diagnostic[] {
  const kinds = state.catalogs;
  if (!kinds) return [];
  const out: Diagnostic[] = [];
  const err = (a: Action, code: Diagnostic["code"], message: string, hint: string): void => {
    out.push({ severity: "error", code, message, location: a.location, hint });
  };
  for (const a of actions) {
    if (a.kind === "test") continue;
    const catalog = a.target.database;
    if (!kinds.has(catalog)) {
      err(a, "unknown-catalog", `${a.key}: Trino has no catalog "${catalog}"`, `catalogs: ${[...kinds.keys()].sort().join(", ")} — add etc/catalog/${catalog}.properties to Trino, or fix \`database\``);
      continue;
    }
    const c = d.capabilities(kinds.get(catalog));
    const writes = a.kind === "table" || a.kind === "view" || a.kind === "incremental";
    if (!writes) continue;
    const where = `catalog "${catalog}" (${c.connector} connector)`;
    if (!c.writable) err(a, "catalog-cannot-write", `${a.key}: Lakeform does not build models in ${where}`, "declare the table there and read it with ref(); build models in an Iceberg or PostgreSQL catalog");
    else if (a.kind === "view" && !c.views) err(a, "catalog-cannot-write", `${a.key}: ${where} cannot create views`, 'use type: "table" (rebuilt, then swapped in) or put the view in an Iceberg catalog');
    else if (a.kind === "incremental" && !(c.merge && c.createOrReplaceTable)) {
      err(a, "catalog-cannot-write", `${a.key}: ${where} has no MERGE or CREATE OR REPLACE, which incremental models need`, 'keep the incremental in Iceberg and serve it with a type: "table" model here');
    } else if ((a.kind === "table" || a.kind === "incremental") && !c.tableProperties && hasIcebergConfig(a)) {
      err(a, "catalog-cannot-write", `${a.key}: ${where} has no table properties, but the model sets iceberg: { … }`, "remove the iceberg block (partitioning, format, … apply to Iceberg tables only)");
    } else if (isSwappedTable(d, state, a) && new TextEncoder().encode(`${a.target.name}${STAGING_SUFFIX}`).length > MAX_IDENTIFIER) {
      err(a, "catalog-cannot-write", `${a.key}: the name is too long for its staging table ${a.target.name}${STAGING_SUFFIX} (PostgreSQL keeps ${MAX_IDENTIFIER} bytes)`, `use a name of at most ${MAX_IDENTIFIER - STAGING_SUFFIX.length} bytes`);
    }
  }
  return out;
}

function hasIcebergConfig(a: TableAction | { iceberg: TableAction["iceberg"] }): boolean {
  const i = a.iceberg;
  return Boolean(i.partitioning?.length || i.sortedBy?.length || i.format || i.formatVersion !== undefined || i.location || Object.keys(i.properties ?? {}).length);
}

/** The swap-in statements of a table in a catalog without CREATE OR REPLACE (see the top of this file). */
export function renderSwappedTable(
  d: Dialect,
  a: TableAction,
  state: TargetState,
  caps: CatalogCapabilities,
  columns: readonly WarehouseColumn[] | undefined,
  stmts: (role: "pre-op" | "post-op", list: readonly string[]) => RenderedStatement[],
): { statements: RenderedStatement[]; diagnostics: Diagnostic[] } {
  const storable: StorableColumn[] | undefined = columns?.map((c) => d.storableColumn(caps, c));
  const diagnostics: Diagnostic[] = [];
  for (const c of storable ?? []) {
    if (!c.ok) {
      diagnostics.push({
        severity: "error",
        code: "unsupported-column-type",
        message: `${a.key}: column "${c.name}" is ${c.type}, which catalog "${a.target.database}" (${caps.connector}) cannot hold: ${c.reason}`,
        location: a.location,
        hint: c.fix,
      });
    } else if (c.note) {
      diagnostics.push({ severity: "warning", code: "column-type-mapped", message: `${a.key}: column "${c.name}": ${c.note}`, location: a.location, hint: `cast it yourself to silence this: CAST(… AS ${c.type})` });
    }
  }
  if (diagnostics.some((x) => x.severity === "error")) return { statements: [], diagnostics };
  const staged: Target = { ...a.target, name: `${a.target.name}${STAGING_SUFFIX}` };
  const previous: Target = { ...a.target, name: `${a.target.name}${PREVIOUS_SUFFIX}` };
  const statements: RenderedStatement[] = [
    { role: "drop-relation", sql: d.dropRelation(staged, "TABLE") },
    ...stmts("pre-op", a.preOps),
    { role: "create", sql: d.createStagingTable(staged, a.query, storable, a.description) },
    { role: "drop-relation", sql: d.dropRelation(previous, "TABLE") },
    ...(state.exists ? [{ role: "swap" as const, sql: d.renameTable(a.target, previous) }] : []),
    { role: "swap", sql: d.renameTable(staged, a.target) },
    { role: "drop-relation", sql: d.dropRelation(previous, "TABLE") },
    ...stmts("post-op", a.postOps),
  ];
  return { statements, diagnostics };
}
