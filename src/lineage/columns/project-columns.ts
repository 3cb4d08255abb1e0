/**
 * Column lineage for a project: stream columns count as the bronze tables' columns, and
 * results go through the on-disk cache, so `lakeform lineage --columns` and `lakeform run
 * --openlineage` share (and reuse) the same entries.
 */
import type { Graph } from "../../compile/graph.js";
import type { ProjectInputs } from "../project-inputs.js";
import type { LineageStream } from "../types.js";
import { graphColumnLineage, type ColumnLineageCache } from "./column-lineage.js";
import { FileColumnLineageCache } from "./file-cache.js";
import type { ActionColumnLineage } from "./types.js";

export function streamColumns(streams: readonly LineageStream[]): Map<string, LineageStream["columns"]> {
  return new Map(streams.map((s) => [s.target, s.columns]));
}

export function projectColumnLineage(inputs: Pick<ProjectInputs, "compiled" | "streams">, cache?: ColumnLineageCache): Map<string, ActionColumnLineage> {
  return graphColumnLineage(inputs.compiled.graph, { knownColumns: streamColumns(inputs.streams), ...(cache ? { cache } : {}) });
}

/** For run observers: the run's graph, cached under `<projectDir>/.lakeform/cache`. */
export function cachedColumnLineage(projectDir: string, graph: Graph, streams: readonly LineageStream[], only?: ReadonlySet<string>): Map<string, ActionColumnLineage> {
  return graphColumnLineage(graph, { cache: new FileColumnLineageCache(projectDir), knownColumns: streamColumns(streams), ...(only ? { only } : {}) });
}
