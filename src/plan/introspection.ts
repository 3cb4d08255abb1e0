/**
 * The warehouse state the planner needs, read with batched queries per catalog (never one per
 * table; the dialect's `existingSchemas` then `relationsAndColumns`): which schemas exist, which
 * relations they hold (table or view) and their columns.
 */
import type { TargetState, WarehouseColumn } from "./render-types.js";

export interface WarehouseState {
  /** `catalog.schema` */
  readonly schemas: ReadonlySet<string>;
  /** by `catalog.schema.table` */
  readonly relations: ReadonlyMap<string, TargetState>;
  /** Connector of each catalog the graph names (`system.metadata.catalogs`); absent: not read. */
  readonly catalogs?: ReadonlyMap<string, string>;
}

export const EMPTY_STATE: WarehouseState = { schemas: new Set(), relations: new Map() };

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
    ...(states.some((s) => s.catalogs) ? { catalogs: new Map(states.flatMap((s) => [...(s.catalogs ?? [])])) } : {}),
  };
}
