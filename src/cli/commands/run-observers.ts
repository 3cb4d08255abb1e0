/** Optional observers wired into `lakeform run` from flags (OpenLineage emitter etc.). */
import type { RunObserver } from "../../run/events.js";
import type { LoadedProject } from "../project.js";

export async function extraObservers(_p: LoadedProject, _flags: { openlineage?: string }): Promise<RunObserver[]> {
  return [];
}
