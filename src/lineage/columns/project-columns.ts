/** Column lineage for a loaded project: stream columns count as the bronze tables' columns. */
import type { ProjectInputs } from "../project-inputs.js";
import { graphColumnLineage, type ColumnLineageCache } from "./column-lineage.js";
import type { ActionColumnLineage } from "./types.js";

export function projectColumnLineage(inputs: Pick<ProjectInputs, "compiled" | "streams">, cache?: ColumnLineageCache): Map<string, ActionColumnLineage> {
  const known = new Map(inputs.streams.map((s) => [s.target, s.columns]));
  return graphColumnLineage(inputs.compiled.graph, { knownColumns: known, ...(cache ? { cache } : {}) });
}
