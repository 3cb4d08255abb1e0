/**
 * The warehouse state the planner needs, read with one batched query per catalog (never one per
 * table): which schemas exist, which relations they hold (table or view) and their columns.
 */
import type { Dialect } from "../adapters/trino/dialect.js";
import type { TargetState, WarehouseColumn } from "./render-types.js";

export interface WarehouseState {
  /** `catalog.schema` */
  readonly schemas: ReadonlySet<string>;
  /** by `catalog.schema.table` */
  readonly relations: ReadonlyMap<string, TargetState>;
}

export const EMPTY_STATE: WarehouseState = { schemas: new Set(), relations: new Map() };

/**
 * Step 1: which of the schemas exist. Only existing ones may go into `introspectionQuery`: a
 * schema that does not exist in its `table_schema` filter makes Trino 476 enumerate the columns of
 * every table in the catalog (measured: 2.5 s instead of 0.3 s on a catalog of 30 tables).
 */
export function existingSchemasQuery(d: Dialect, catalog: string, schemas: readonly string[]): string {
  const list = schemas.map((s) => d.quoteLiteral(s)).join(", ");
  return `SELECT schema_name FROM ${d.quoteIdentifier(catalog)}.information_schema.schemata WHERE schema_name IN (${list})`;
}

/** Step 2: the relations and columns of existing schemas. */
export function introspectionQuery(d: Dialect, catalog: string, schemas: readonly string[]): string {
  const c = d.quoteIdentifier(catalog);
  const list = schemas.map((s) => d.quoteLiteral(s)).join(", ");
  // DISTINCT: with several schemas in the IN list, Trino 476's information_schema join returns
  // each column once per (schema prefix × table prefix) it enumerates — 4 copies for 2 schemas.
  return [
    "SELECT DISTINCT s.schema_name, t.table_name, t.table_type, col.column_name, col.data_type, col.ordinal_position",
    `FROM ${c}.information_schema.schemata s`,
    `LEFT JOIN ${c}.information_schema.tables t ON t.table_schema = s.schema_name`,
    `LEFT JOIN ${c}.information_schema.columns col ON col.table_schema = t.table_schema AND col.table_name = t.table_name`,
    `WHERE s.schema_name IN (${list})`,
    "ORDER BY 1, 2, 6",
  ].join("\n");
}

export type IntrospectionRow = readonly [string, string | null, string | null, string | null, string | null, unknown];

export function parseIntrospection(catalog: string, rows: readonly IntrospectionRow[]): WarehouseState {
  const schemas = new Set<string>();
  const relations = new Map<string, { exists: true; kind: "table" | "view"; columns: WarehouseColumn[] }>();
  for (const [schema, table, type, column, dataType] of rows) {
    schemas.add(`${catalog}.${schema}`);
    if (!table) continue;
    const key = `${catalog}.${schema}.${table}`;
    let r = relations.get(key);
    if (!r) {
      r = { exists: true, kind: type === "VIEW" ? "view" : "table", columns: [] };
      relations.set(key, r);
    }
    if (column && dataType && !r.columns.some((c) => c.name === column)) r.columns.push({ name: column, type: dataType });
  }
  return { schemas, relations };
}

export function mergeStates(states: readonly WarehouseState[]): WarehouseState {
  return {
    schemas: new Set(states.flatMap((s) => [...s.schemas])),
    relations: new Map(states.flatMap((s) => [...s.relations])),
  };
}
