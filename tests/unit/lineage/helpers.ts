import { join } from "node:path";
import { loadProjectInputs, type ProjectInputs } from "../../../src/lineage/project-inputs.js";

export const AGRO = join(import.meta.dirname, "fixtures", "agro");

let cached: ProjectInputs | undefined;
/** The agro fixture compiled once per test file. */
export function agro(): ProjectInputs {
  cached ??= loadProjectInputs(AGRO);
  return cached;
}
