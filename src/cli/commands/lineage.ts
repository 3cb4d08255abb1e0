/**
 * `lakeform lineage [project-dir]`: table lineage (topics → bronze → silver → gold → checks and
 * dashboards) as Mermaid, DOT, JSON, OpenLineage job events or a self-contained HTML page;
 * `--columns` adds column lineage parsed from the compiled SQL (cached in .lakeform/cache).
 */
import { helpFooter, projectDirArgument } from "../options.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { DiagnosticsError, LakeformError } from "../../common/errors.js";
import { dashboardReads } from "../../dashboards/reads.js";
import { planDashboards } from "../../dashboards/plan.js";
import { FileColumnLineageCache } from "../../lineage/columns/file-cache.js";
import { projectColumnLineage } from "../../lineage/columns/project-columns.js";
import { traceRoots } from "../../lineage/columns/trace.js";
import type { ActionColumnLineage } from "../../lineage/columns/types.js";
import { toDot } from "../../lineage/format/dot.js";
import { toHtml } from "../../lineage/format/html.js";
import { lineageDocument } from "../../lineage/format/json.js";
import { toMermaid } from "../../lineage/format/mermaid.js";
import { trinoNamespace } from "../../lineage/openlineage/datasets.js";
import { jobEvents } from "../../lineage/openlineage/job-events.js";
import { resolveConnections } from "../../config/connection.js";
import { loadProjectInputs, type ProjectInputs } from "../../lineage/project-inputs.js";
import { buildTableLineage, neighbourhood } from "../../lineage/table-lineage.js";
import type { TableLineage } from "../../lineage/types.js";
import { info, toJson } from "../output.js";

export const LINEAGE_FORMATS = ["mermaid", "dot", "json", "openlineage", "html"] as const;
export type LineageFormat = (typeof LINEAGE_FORMATS)[number];

export interface LineageFlags {
  readonly format?: string;
  readonly json?: boolean;
  readonly columns?: boolean;
  readonly out?: string;
  readonly select?: string;
  readonly checks?: boolean;
  readonly dashboards?: boolean;
  readonly trace?: string;
  readonly namespace?: string;
}

function parseFormat(f: LineageFlags): LineageFormat {
  const format = f.json ? "json" : (f.format ?? "mermaid");
  if (!(LINEAGE_FORMATS as readonly string[]).includes(format)) {
    throw new LakeformError("usage", `unknown lineage format "${format}"`, { hint: `use one of: ${LINEAGE_FORMATS.join(", ")}` });
  }
  return format as LineageFormat;
}

/** `gold.t.col` or `catalog.gold.t.col` → relation key + column, matched against the graph. */
function parseTrace(spec: string, inputs: ProjectInputs): { table: string; column: string } {
  const keys = inputs.compiled.graph.actions.map((a) => a.key);
  const parts = spec.split(".");
  for (let i = parts.length - 1; i >= 2; i--) {
    const rel = parts.slice(0, i).join(".");
    const column = parts.slice(i).join(".");
    const key = keys.find((k) => k === rel || k.endsWith(`.${rel}`));
    if (key) return { table: key, column };
  }
  throw new LakeformError("usage", `--trace ${spec}: no model matches`, { hint: "write schema.table.column, e.g. gold.risk_features_agro.serasa_score_medio" });
}

function columnLineage(dir: string, inputs: ProjectInputs): Map<string, ActionColumnLineage> {
  const cache = new FileColumnLineageCache(dir);
  const started = performance.now();
  const result = projectColumnLineage(inputs, cache);
  info(`column lineage: ${result.size} model(s) in ${(performance.now() - started).toFixed(0)} ms (${cache.hits} cached)`);
  return result;
}

/** The text formats (OpenLineage events need connection details and are built separately). */
export function renderLineage(format: Exclude<LineageFormat, "openlineage">, table: TableLineage, columns: ReadonlyMap<string, ActionColumnLineage> | undefined): string {
  switch (format) {
    case "mermaid":
      return toMermaid(table);
    case "dot":
      return toDot(table);
    case "json":
      return `${toJson(lineageDocument(table, columns))}\n`;
    case "html":
      return toHtml(lineageDocument(table, columns));
  }
}

function run(projectDir: string, flags: LineageFlags): void {
  const dir = resolve(projectDir);
  const format = parseFormat(flags);
  const inputs = loadProjectInputs(dir);
  const errors = inputs.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `${errors.length} error(s) in the project — fix them to see its lineage`);

  const graph = inputs.compiled.graph;
  const dashboards = flags.dashboards === false ? [] : dashboardReads(planDashboards(graph, { streams: inputs.streams }));
  let table = buildTableLineage({ project: inputs.project, graph, streams: inputs.streams, dashboards, checks: flags.checks !== false });
  if (flags.select) {
    const node = table.nodes.find((n) => n.id === flags.select || n.id.endsWith(`.${flags.select}`) || n.label === flags.select);
    if (!node) throw new LakeformError("usage", `--select ${flags.select}: no such table, topic or check`, { hint: "use schema.table, e.g. silver.dados_produtores_agro" });
    table = neighbourhood(table, node.id, "both");
  }

  const traced = flags.trace ? parseTrace(flags.trace, inputs) : undefined;
  const needColumns = flags.columns === true || traced !== undefined;
  const columns = needColumns ? columnLineage(dir, inputs) : undefined;

  let text: string;
  if (traced && columns) {
    const model = columns.get(traced.table);
    if (!model?.columns[traced.column]) {
      throw new LakeformError("usage", `--trace: ${traced.table} has no output column "${traced.column}"`, { hint: `its columns: ${Object.keys(model?.columns ?? {}).join(", ") || "(not a SQL model)"}` });
    }
    text = `${toJson({ ...traced, inputs: model.columns[traced.column], sources: traceRoots(columns, traced) })}\n`;
  } else if (format === "openlineage") {
    const conn = resolveConnections(dir);
    const namespaces = { jobs: flags.namespace ?? inputs.project, trino: trinoNamespace(conn.trino.url), kafka: `kafka://${conn.kafka.brokers[0] ?? "localhost:9092"}` };
    const events = jobEvents({ graph, table, columns, namespaces, eventTime: new Date().toISOString() });
    text = events.map((e) => `${JSON.stringify(e)}\n`).join("");
  } else {
    text = renderLineage(format, table, columns);
  }

  if (flags.out) {
    const out = resolve(flags.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
    info(`wrote ${flags.out} (${table.nodes.length} nodes, ${table.edges.length} edges)`);
  } else {
    process.stdout.write(text);
  }
}

export function registerLineage(program: Command): void {
  const cmd = program.command("lineage").description("show what feeds what: Kafka topics → bronze → silver → gold → assertions and dashboards");
  projectDirArgument(cmd)
    .option("--format <format>", `output format: ${LINEAGE_FORMATS.join(" | ")}`, "mermaid")
    .option("--json", "same as --format json")
    .option("--columns", "add column-level lineage parsed from the compiled SQL (json, openlineage, html)")
    .option("--trace <schema.table.column>", "print the source fields a column is computed from (e.g. gold.risk_features_agro.serasa_score_medio)")
    .option("-s, --select <table>", "only what is upstream or downstream of this table")
    .option("--no-checks", "leave assertions and unit tests out")
    .option("--no-dashboards", "leave the generated Grafana dashboards out")
    .option("--namespace <ns>", "OpenLineage job namespace (default: the project directory's name)")
    .option("-o, --out <path>", "write to this file instead of stdout")
    .action((projectDir: string, flags: LineageFlags) => run(projectDir, flags));
  helpFooter(cmd, {
    examples: ["lakeform lineage --format mermaid", "lakeform lineage --columns --json --out build/lineage.json", "lakeform lineage --format html --columns --out build/lineage.html", "lakeform lineage --trace gold.risk_features_agro.serasa_score_medio"],
    exitCodes: [0, 1, 2],
  });
}
