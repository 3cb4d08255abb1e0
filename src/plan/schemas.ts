/**
 * `CREATE SCHEMA IF NOT EXISTS` for every schema the graph writes to, located under the
 * project's S3 base (`<locationBase>/<schema>`).
 */

import type { Dialect } from "./dialect.js";
import type { Graph } from "../compile/graph.js";
import type { RenderedStatement } from "./render-types.js";

export interface SchemaRef {
  readonly database: string;
  readonly schema: string;
}

export function writtenSchemas(graph: Graph): SchemaRef[] {
  const seen = new Map<string, SchemaRef>();
  for (const a of graph.actions) {
    const writes = a.kind === "table" || a.kind === "view" || a.kind === "incremental" || a.kind === "seed" || (a.kind === "operations" && a.hasOutput);
    if (!writes) continue;
    seen.set(`${a.target.database}.${a.target.schema}`, { database: a.target.database, schema: a.target.schema });
  }
  return [...seen.entries()].sort(([x], [y]) => (x < y ? -1 : 1)).map(([, v]) => v);
}

/** `withLocation` false: the catalog has no schema location (e.g. PostgreSQL). */
export function renderCreateSchema(d: Dialect, s: SchemaRef, locationBase: string, withLocation = true): RenderedStatement {
  return { role: "create-schema", sql: d.createSchema(s.database, s.schema, withLocation ? `${locationBase.replace(/\/+$/, "")}/${s.schema}` : undefined) };
}

export function renderSchemas(d: Dialect, graph: Graph): RenderedStatement[] {
  return writtenSchemas(graph).map((s) => renderCreateSchema(d, s, graph.settings.locationBase));
}
