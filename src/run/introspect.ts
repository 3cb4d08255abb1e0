/**
 * The warehouse reads the planner needs, batched per catalog (never one query per table): the
 * schemas that exist, then the relations and columns inside them.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Dialect } from "../adapters/trino/dialect.js";
import type { Graph } from "../compile/graph.js";
import { EMPTY_STATE, existingSchemasQuery, introspectionQuery, mergeStates, parseIntrospection, type IntrospectionRow, type WarehouseState } from "../plan/introspection.js";
import { schemasToInspect } from "../plan/plan.js";
import type { WarehouseColumn } from "../plan/render-types.js";

export async function readWarehouseState(client: TrinoClient, d: Dialect, graph: Graph, signal?: AbortSignal): Promise<WarehouseState> {
  const states = await Promise.all(
    [...schemasToInspect(graph)].map(async ([catalog, schemas]) => {
      const found = await client.query(existingSchemasQuery(d, catalog, schemas), { signal });
      const existing = found.rows.map((row) => String(row[0])).sort();
      if (!existing.length) return EMPTY_STATE;
      const r = await client.query(introspectionQuery(d, catalog, existing), { signal });
      return parseIntrospection(catalog, r.rows as unknown as IntrospectionRow[]);
    }),
  );
  return mergeStates(states);
}

/**
 * Output columns of the incremental queries whose target already exists, so `onSchemaChange`
 * can compare them with the table. `LIMIT 0` plans the query without reading data.
 */
export async function readSourceColumns(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, signal?: AbortSignal): Promise<Map<string, WarehouseColumn[]>> {
  const out = new Map<string, WarehouseColumn[]>();
  const wanted = graph.actions.filter((a) => a.kind === "incremental" && keys.has(a.key) && a.onSchemaChange !== "IGNORE" && state.relations.get(a.key)?.kind === "table");
  await Promise.all(
    wanted.map(async (a) => {
      if (a.kind !== "incremental") return;
      const r = await client.query(`SELECT * FROM (\n${d.statement(a.incrementalQuery)}\n) AS lakeform_probe LIMIT 0`, { signal });
      out.set(a.key, r.columns.map((c) => ({ name: c.name, type: c.type })));
    }),
  );
  return out;
}
