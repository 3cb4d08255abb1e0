/**
 * What persisting column descriptions needs to know before planning: the comments the tables
 * already carry (one `information_schema.columns` read per catalog), and the output columns of
 * documented models whose table does not exist yet (a `LIMIT 0` probe), so only real columns get
 * a `COMMENT ON COLUMN`. Both are listed in the plan's reads.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Graph } from "../compile/graph.js";
import type { Dialect } from "../plan/dialect.js";
import { documentedModels, type ColumnCommentState } from "../plan/column-comments.js";
import { inputsExist } from "../plan/governance.js";
import type { WarehouseState } from "../plan/introspection.js";
import type { RenderedStatement } from "../plan/render-types.js";
import type { Read } from "./introspect.js";

export async function readColumnComments(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, signal?: AbortSignal): Promise<Read<ColumnCommentState>> {
  const models = documentedModels(graph, keys);
  const existing = models.filter((a) => state.relations.get(a.key)?.kind === "table");
  const fresh = models.filter((a) => !state.relations.get(a.key)?.exists && a.kind !== "seed" && inputsExist(graph, state, a));
  const byCatalog = new Map<string, Set<string>>();
  for (const a of existing) byCatalog.set(a.target.database, (byCatalog.get(a.target.database) ?? new Set()).add(a.target.schema));
  const commentReads: RenderedStatement[] = [...byCatalog].map(([catalog, schemas]) => ({ role: "introspection", sql: d.columnComments(catalog, [...schemas].sort()) }));
  const probes: RenderedStatement[] = fresh.map((a) => ({ role: "source-columns", sql: d.queryColumns("query" in a ? a.query : "") }));
  const stored = new Map<string, Map<string, string>>();
  const columns = new Map<string, string[]>();
  await Promise.all([
    ...[...byCatalog.keys()].map(async (catalog, i) => {
      const r = await client.query(commentReads[i]!.sql, { signal });
      for (const [schema, table, column, comment] of r.rows) {
        const key = `${catalog}.${String(schema)}.${String(table)}`;
        const m = stored.get(key) ?? new Map<string, string>();
        m.set(String(column), String(comment));
        stored.set(key, m);
      }
    }),
    ...fresh.map(async (a, i) => {
      const r = await client.query(probes[i]!.sql, { signal, ...(a.session ? { session: a.session } : {}) });
      columns.set(a.key, r.columns.map((c) => c.name));
    }),
  ]);
  return { value: { stored, columns }, reads: [...commentReads, ...probes] };
}
