/** The files the demo writes besides the warehouse: lineage (mermaid, JSON, HTML) and Grafana dashboards. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cachedColumnLineage } from "../../lineage/columns/project-columns.js";
import { loadProjectInputs } from "../../lineage/project-inputs.js";
import { buildTableLineage } from "../../lineage/table-lineage.js";
import { dashboardReads } from "../../dashboards/reads.js";
import { planDashboards } from "../../dashboards/plan.js";
import { toJson } from "../output.js";
import type { LoadedProject } from "../project.js";
import { renderLineage } from "./lineage.js";

export async function demoArtifacts(p: LoadedProject, out: string): Promise<string[]> {
  const inputs = loadProjectInputs(p.dir);
  const graph = inputs.compiled.graph;
  const dashboards = planDashboards(graph, { streams: inputs.streams });
  const grafana = join(out, "grafana");
  mkdirSync(grafana, { recursive: true });
  for (const f of readdirSync(grafana)) if (f.endsWith(".json") && !dashboards.some((d) => d.fileName === f)) rmSync(join(grafana, f));
  for (const d of dashboards) writeFileSync(join(grafana, d.fileName), `${toJson(d.dashboard)}\n`);

  const table = buildTableLineage({ project: inputs.project, graph, streams: inputs.streams, dashboards: dashboardReads(dashboards), checks: true });
  const columns = cachedColumnLineage(p.dir, graph, inputs.streams);
  const files: [string, string][] = [
    ["lineage.mmd", renderLineage("mermaid", table, undefined)],
    ["lineage.json", renderLineage("json", table, columns)],
    ["lineage.html", renderLineage("html", table, columns)],
  ];
  for (const [name, text] of files) writeFileSync(join(out, name), text);
  return [...files.map(([name]) => join(out, name)), ...dashboards.map((d) => join(grafana, d.fileName))];
}
