/**
 * The warehouse reads the planner needs, batched per catalog (never one query per table): the
 * schemas that exist, then the relations and columns inside them. Every statement comes from the
 * dialect and is returned with the state, so the plan can show what was read.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Graph } from "../compile/graph.js";
import type { Dialect } from "../plan/dialect.js";
import { EMPTY_STATE, mergeStates, parseIntrospection, type IntrospectionRow, type WarehouseState } from "../plan/introspection.js";
import { schemasToInspect } from "../plan/plan.js";
import type { RenderedStatement, WarehouseColumn } from "../plan/render-types.js";

export interface Read<T> {
  readonly value: T;
  /** In execution order. */
  readonly reads: readonly RenderedStatement[];
}

export async function readWarehouseState(client: TrinoClient, d: Dialect, graph: Graph, signal?: AbortSignal): Promise<Read<WarehouseState>> {
  // One catalog after another (not in parallel) so the reads have one order, the plan's.
  const states: WarehouseState[] = [];
  const reads: RenderedStatement[] = [];
  for (const [catalog, schemas] of schemasToInspect(graph)) {
    const first = d.existingSchemas(catalog, schemas);
    reads.push({ role: "introspection", sql: first });
    const found = await client.query(first, { signal });
    const existing = found.rows.map((row) => String(row[0])).sort();
    if (!existing.length) {
      states.push(EMPTY_STATE);
      continue;
    }
    const second = d.relationsAndColumns(catalog, existing);
    reads.push({ role: "introspection", sql: second });
    const r = await client.query(second, { signal });
    states.push(parseIntrospection(catalog, r.rows as unknown as IntrospectionRow[]));
  }
  return { value: mergeStates(states), reads };
}

/**
 * Output columns of the incremental queries whose target already exists, so `onSchemaChange`
 * can compare them with the table.
 */
export async function readSourceColumns(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, signal?: AbortSignal): Promise<Read<Map<string, WarehouseColumn[]>>> {
  const out = new Map<string, WarehouseColumn[]>();
  const wanted = graph.actions.filter((a) => a.kind === "incremental" && keys.has(a.key) && a.onSchemaChange !== "IGNORE" && state.relations.get(a.key)?.kind === "table");
  const reads: RenderedStatement[] = [];
  await Promise.all(
    wanted.map(async (a) => {
      if (a.kind !== "incremental") return;
      const sql = d.queryColumns(a.incrementalQuery);
      reads.push({ role: "source-columns", sql });
      const r = await client.query(sql, { signal });
      out.set(a.key, r.columns.map((c) => ({ name: c.name, type: c.type })));
    }),
  );
  return { value: out, reads };
}
