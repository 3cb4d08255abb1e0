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
import { catalogsOf } from "../plan/catalogs.js";
import type { RenderedStatement, WarehouseColumn } from "../plan/render-types.js";
import { firstIntervalQuery } from "../plan/time-range.js";

export interface Read<T> {
  readonly value: T;
  /** In execution order. */
  readonly reads: readonly RenderedStatement[];
}

/**
 * Trino lists a schema's columns table by table; a view or table dropped by another session in
 * between fails the whole read with GENERIC_INTERNAL_ERROR ("Error listing table columns for
 * catalog …", seen as `ViewMetadata.currentVersion()` being null). Nothing is wrong with the
 * project then: the same read is asked again, up to twice.
 */
const CONCURRENT_DROP = /Error listing table columns|Error listing tables for catalog|currentVersion\(\)/;

export async function queryIntrospection(client: Pick<TrinoClient, "query">, sql: string, signal?: AbortSignal, waitMs = 250): Promise<Awaited<ReturnType<TrinoClient["query"]>>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.query(sql, { signal });
    } catch (e) {
      if (attempt >= 3 || signal?.aborted || !CONCURRENT_DROP.test(e instanceof Error ? e.message : String(e))) throw e;
      await new Promise((r) => setTimeout(r, waitMs * attempt));
    }
  }
}

export async function readWarehouseState(client: TrinoClient, d: Dialect, graph: Graph, signal?: AbortSignal): Promise<Read<WarehouseState>> {
  // Which connector serves each catalog the graph names (the plan renders by it), in parallel with the rest.
  const kindsSql = d.catalogKinds(catalogsOf(graph));
  const kinds = client.query(kindsSql, { signal }).then((r) => new Map(r.rows.map((row) => [String(row[0]), String(row[1])])));
  // Awaited last: if a catalog read fails first (e.g. the run is cancelled), this one's rejection
  // must not go unhandled (Node would end the process with exit code 1).
  kinds.catch(() => undefined);
  // Catalogs are read in parallel; their reads are listed in catalog order, the plan's.
  const perCatalog = await Promise.all(
    [...schemasToInspect(graph)].map(async ([catalog, schemas]): Promise<{ state: WarehouseState; reads: RenderedStatement[] }> => {
      const first = d.existingSchemas(catalog, schemas);
      const found = await queryIntrospection(client, first, signal);
      const existing = found.rows.map((row) => String(row[0])).sort();
      if (!existing.length) return { state: EMPTY_STATE, reads: [{ role: "introspection", sql: first }] };
      const second = d.relationsAndColumns(catalog, existing);
      const r = await queryIntrospection(client, second, signal);
      return { state: parseIntrospection(catalog, r.rows as unknown as IntrospectionRow[]), reads: [{ role: "introspection", sql: first }, { role: "introspection", sql: second }] };
    }),
  );
  const catalogs = await kinds;
  return { value: { ...mergeStates(perCatalog.map((c) => c.state)), catalogs }, reads: [{ role: "introspection", sql: kindsSql }, ...perCatalog.flatMap((c) => c.reads)] };
}

/**
 * Output columns of the incremental queries whose target already exists, so `onSchemaChange`
 * can compare them with the table.
 */
export async function readSourceColumns(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, signal?: AbortSignal): Promise<Read<Map<string, WarehouseColumn[]>>> {
  const out = new Map<string, WarehouseColumn[]>();
  const wanted = graph.actions.filter((a) => a.kind === "incremental" && keys.has(a.key) && a.onSchemaChange !== "IGNORE" && state.relations.get(a.key)?.kind === "table");
  // Listed in the graph's order, whichever query finishes first.
  const reads: RenderedStatement[] = wanted.flatMap((a) =>
    a.kind === "incremental" ? [{ role: "source-columns" as const, sql: d.queryColumns(a.timeRange ? firstIntervalQuery(d, { ...a, timeRange: a.timeRange }) : a.incrementalQuery) }] : [],
  );
  await Promise.all(
    wanted.map(async (a, i) => {
      const r = await client.query(reads[i]!.sql, { signal });
      out.set(a.key, r.columns.map((c) => ({ name: c.name, type: c.type })));
    }),
  );
  return { value: out, reads };
}
