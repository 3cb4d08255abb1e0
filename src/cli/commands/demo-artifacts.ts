/** The files the demo writes besides the warehouse: lineage and Grafana dashboards. */
import type { LoadedProject } from "../project.js";

export async function demoArtifacts(_p: LoadedProject, _out: string): Promise<string[]> {
  return [];
}
