/**
 * The SQL `compile --json` shows per action, without warehouse state: the first build, and for
 * incremental tables also the incremental statement as it would run once the table exists
 * (columns taken from the documented `columns`, when there are any).
 */

import type { Dialect } from "./dialect.js";
import type { Action, Graph } from "../compile/graph.js";
import { renderAction, type RenderedAction, type RenderedStatement } from "./render.js";
import { renderSchemas } from "./schemas.js";

export interface ActionPreview {
  readonly build: RenderedAction;
  readonly incremental?: RenderedAction;
}

export function previewAction(d: Dialect, a: Action): ActionPreview {
  const build = renderAction(d, a);
  if (a.kind !== "incremental") return { build };
  const documented = a.columns.filter((c) => c.path.length === 1).map((c) => ({ name: c.path[0] ?? "", type: c.type ?? "" }));
  return { build, incremental: renderAction(d, a, { exists: true, kind: "table", columns: documented }) };
}

export interface GraphPreview {
  readonly schemas: readonly RenderedStatement[];
  readonly actions: ReadonlyMap<string, ActionPreview>;
}

export function previewGraph(d: Dialect, graph: Graph): GraphPreview {
  return { schemas: renderSchemas(d, graph), actions: new Map(graph.actions.map((a) => [a.key, previewAction(d, a)])) };
}
