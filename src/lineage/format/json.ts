/** `lakeform lineage --format json`: the table graph, plus column lineage with `--columns`. */
import type { ActionColumnLineage, DirectInput, IndirectInput, RootField } from "../columns/types.js";
import { traceRoots } from "../columns/trace.js";
import type { TableLineage } from "../types.js";

export interface ColumnEntry {
  /** Direct inputs in the model's upstream relations. */
  readonly inputs: readonly DirectInput[];
  /** The same traced back to sources and stream tables (e.g. bronze fields). */
  readonly sources: readonly RootField[];
}

export interface ModelColumns {
  readonly columns: Readonly<Record<string, ColumnEntry>>;
  readonly dataset: readonly IndirectInput[];
  readonly warnings: readonly string[];
}

export interface LineageDocument extends TableLineage {
  readonly columns?: Readonly<Record<string, ModelColumns>>;
}

export function lineageDocument(table: TableLineage, columns?: ReadonlyMap<string, ActionColumnLineage>): LineageDocument {
  if (!columns) return table;
  const out: Record<string, ModelColumns> = {};
  for (const [key, l] of [...columns.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const cols: Record<string, ColumnEntry> = {};
    for (const [name, inputs] of Object.entries(l.columns)) cols[name] = { inputs, sources: traceRoots(columns, { table: key, column: name }) };
    out[key] = { columns: cols, dataset: l.dataset, warnings: l.warnings };
  }
  return { ...table, columns: out };
}
