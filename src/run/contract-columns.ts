/**
 * Enforced contracts: the output columns of each selected model whose `columns` declare types,
 * read with the dialect's `LIMIT 0` probe (Trino plans the query and returns no rows), so the plan
 * can compare them with the contract before anything is written. Listed in the plan's reads.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Graph } from "../compile/graph.js";
import type { Dialect } from "../plan/dialect.js";
import { contractedModels, inputsExist } from "../plan/governance.js";
import type { WarehouseState } from "../plan/introspection.js";
import type { RenderedStatement, WarehouseColumn } from "../plan/render-types.js";
import type { Read } from "./introspect.js";

export async function readContractColumns(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, fullRefresh: boolean, signal?: AbortSignal): Promise<Read<Map<string, WarehouseColumn[]>>> {
  const models = contractedModels(graph, keys).filter((a) => inputsExist(graph, state, a));
  // The statement the run will execute: an existing incremental table gets the incremental query.
  const queryOf = (a: (typeof models)[number]): string =>
    a.kind === "incremental" && !fullRefresh && state.relations.get(a.key)?.kind === "table" ? a.incrementalQuery : "query" in a ? a.query : "";
  const reads: RenderedStatement[] = models.map((a) => ({ role: "source-columns", sql: d.queryColumns(queryOf(a)) }));
  const out = new Map<string, WarehouseColumn[]>();
  await Promise.all(
    models.map(async (a, i) => {
      const r = await client.query(reads[i]!.sql, { signal, ...(a.session ? { session: a.session } : {}) });
      out.set(a.key, r.columns.map((c) => ({ name: c.name, type: c.type })));
    }),
  );
  return { value: out, reads };
}
