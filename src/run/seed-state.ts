/**
 * What a run needs to know about seeds before planning: the content hash recorded with each
 * existing seed table (in its comment, plan/seed.ts), read with ONE statement for all of them.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Graph } from "../compile/graph.js";
import type { Dialect } from "../plan/dialect.js";
import type { WarehouseState } from "../plan/introspection.js";
import type { RenderedStatement } from "../plan/render-types.js";
import { storedSeedHash } from "../plan/seed.js";
import type { Read } from "./introspect.js";

export async function readSeedHashes(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, signal?: AbortSignal): Promise<Read<Map<string, string>>> {
  const seeds = graph.actions.filter((a) => a.kind === "seed" && keys.has(a.key) && state.relations.get(a.key)?.kind === "table");
  const out = new Map<string, string>();
  if (!seeds.length) return { value: out, reads: [] };
  const read: RenderedStatement = { role: "introspection", sql: d.tableComments(seeds.map((a) => a.target)) };
  const r = await client.query(read.sql, { signal });
  for (const [key, comment] of r.rows) {
    const hash = storedSeedHash(typeof comment === "string" ? comment : undefined);
    if (hash) out.set(String(key), hash);
  }
  return { value: out, reads: [read] };
}
