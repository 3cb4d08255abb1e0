/**
 * Reads a recorded manifest from the run log (`lakeform.manifests`): the newest production run's,
 * or one run's by id. A run log without the table has no state (undefined), not an error.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import { TrinoQueryError } from "../adapters/trino/errors.js";
import { productionManifest, runManifest } from "../adapters/trino/support-sql.js";
import type { Graph } from "../compile/graph.js";
import type { RenderedStatement } from "../plan/render-types.js";
import { runLogTarget } from "../plan/run-log.js";
import { canonicalKey, type Manifest, type ManifestEntry } from "../plan/state.js";

const MISSING = new Set(["TABLE_NOT_FOUND", "SCHEMA_NOT_FOUND"]);

export interface StateRead {
  readonly manifest: Manifest | undefined;
  readonly reads: readonly RenderedStatement[];
}

export async function readManifest(client: TrinoClient, graph: Graph, runId: string | undefined, signal?: AbortSignal): Promise<StateRead> {
  const table = runLogTarget(graph.settings.defaultDatabase, "manifest");
  const sql = runId === undefined ? productionManifest(table) : runManifest(table);
  const parameter = runId ?? JSON.stringify([...new Set(graph.actions.map(canonicalKey))]);
  const reads: RenderedStatement[] = [{ role: "introspection", sql }];
  try {
    const r = await client.query(sql, { parameters: [parameter], signal });
    if (!r.rows.length) return { manifest: undefined, reads };
    const entries = r.rows.map(
      (row): ManifestEntry => ({
        key: String(row[0]),
        kind: String(row[1]),
        target: { database: String(row[2]), schema: String(row[3]), name: String(row[4]) },
        queryHash: String(row[5]),
        configHash: String(row[6]),
        dependencies: Array.isArray(row[7]) ? row[7].map(String) : [],
      }),
    );
    return { manifest: { source: `run ${String(r.rows[0]?.[8])}`, entries }, reads };
  } catch (e) {
    if (e instanceof TrinoQueryError && MISSING.has(e.errorName)) return { manifest: undefined, reads };
    throw e;
  }
}
