/**
 * Output columns of the selected tables that are swapped in (catalogs without CREATE OR REPLACE,
 * e.g. PostgreSQL), so the plan can map each column to a type the catalog stores — or stop with
 * the column and a fix — before anything is built. A query is probed (`LIMIT 0`, no data read)
 * only when every relation it reads already exists; on a first build whose inputs this same run
 * creates, the connector's own type check applies when the staging table is created (before the
 * swap, so the live table is untouched).
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Graph } from "../compile/graph.js";
import { isSwappedTable } from "../plan/catalogs.js";
import type { Dialect } from "../plan/dialect.js";
import type { WarehouseState } from "../plan/introspection.js";
import type { RenderedStatement, WarehouseColumn } from "../plan/render-types.js";
import type { Read } from "./introspect.js";

export async function readSwappedColumns(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, signal?: AbortSignal): Promise<Read<Map<string, WarehouseColumn[]>>> {
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  const built = (k: string) => byKey.get(k)?.kind === "declaration" || state.relations.has(k);
  const wanted = graph.actions.filter((a) => keys.has(a.key) && isSwappedTable(d, state, a) && a.dependencies.every(built));
  const reads: RenderedStatement[] = wanted.map((a) => ({ role: "source-columns", sql: d.queryColumns(a.kind === "table" ? a.query : "") }));
  const out = new Map<string, WarehouseColumn[]>();
  await Promise.all(
    wanted.map(async (a, i) => {
      const r = await client.query(reads[i]!.sql, { signal });
      out.set(a.key, r.columns.map((c) => ({ name: c.name, type: c.type })));
    }),
  );
  return { value: out, reads };
}
