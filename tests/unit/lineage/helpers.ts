import { projectColumnLineage } from "../../../src/lineage/columns/project-columns.js";
import { join } from "node:path";
import { loadProjectInputs, type ProjectInputs } from "../../../src/lineage/project-inputs.js";

export const AGRO = join(import.meta.dirname, "fixtures", "agro");

let cached: ProjectInputs | undefined;
/** The agro fixture compiled once per test file. */
export function agro(): ProjectInputs {
  cached ??= loadProjectInputs(AGRO);
  return cached;
}

let columns: ReturnType<typeof projectColumnLineage> | undefined;
/** Column lineage of the fixture, computed once per test file (a few seconds on 2 cores). */
export function agroColumns(): ReturnType<typeof projectColumnLineage> {
  columns ??= projectColumnLineage(agro());
  return columns;
}
