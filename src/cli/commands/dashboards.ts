/**
 * `lakeform dashboards [project-dir]`: Grafana dashboards (classic JSON, schemaVersion 42, Trino
 * data source) — one per gold domain plus pipeline health — written to `--out` for Grafana's
 * file provisioning (infra/grafana/provisioning/dashboards). `--check` runs every panel query
 * on the configured Trino with the plugin's macros expanded.
 */
import { helpFooter, positiveInt, projectDirArgument } from "../options.js";
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { DiagnosticsError, LakeformError } from "../../common/errors.js";
import { resolveConnections } from "../../config/connection.js";
import { checkDashboards } from "../../dashboards/check.js";
import { dashboardConfigDiagnostics, planDashboards } from "../../dashboards/plan.js";
import type { GeneratedDashboard } from "../../dashboards/types.js";
import { validateDashboard } from "../../dashboards/validate.js";
import { loadProjectInputs } from "../../lineage/project-inputs.js";
import { formatTable, info, printJson, toJson } from "../output.js";

export interface DashboardsFlags {
  readonly out?: string;
  readonly json?: boolean;
  readonly check?: boolean;
  readonly datasource?: string;
  readonly runLogSchema?: string;
  readonly since?: number;
}

function write(dir: string, dashboards: readonly GeneratedDashboard[]): void {
  mkdirSync(dir, { recursive: true });
  // Dashboards of models that no longer exist must not linger in Grafana.
  for (const f of readdirSync(dir)) if (f.endsWith(".json") && !dashboards.some((d) => d.fileName === f)) rmSync(join(dir, f));
  for (const d of dashboards) writeFileSync(join(dir, d.fileName), `${toJson(d.dashboard)}\n`);
}

async function run(projectDir: string, flags: DashboardsFlags): Promise<void> {
  const dir = resolve(projectDir);
  const inputs = loadProjectInputs(dir);
  const errors = [...inputs.diagnostics.filter((d) => d.severity === "error"), ...dashboardConfigDiagnostics(inputs.compiled.graph)];
  if (errors.length) throw new DiagnosticsError(errors, `${errors.length} error(s) in the project — fix them to generate dashboards`);
  const catalog = inputs.compiled.graph.settings.defaultDatabase;
  const dashboards = planDashboards(inputs.compiled.graph, {
    streams: inputs.streams,
    options: {
      ...(flags.datasource ? { datasourceUid: flags.datasource } : {}),
      ...(flags.runLogSchema ? { runLog: { catalog, schema: flags.runLogSchema } } : {}),
    },
  });
  const problems = dashboards.flatMap((d) => validateDashboard(d.dashboard).map((p) => `${d.fileName}: ${p}`));
  if (problems.length) throw new LakeformError("internal", `generated dashboards break Grafana rules:\n${problems.join("\n")}`);

  if (flags.out) {
    write(resolve(flags.out), dashboards);
    info(`wrote ${dashboards.length} dashboard(s) to ${flags.out}: ${dashboards.map((d) => d.fileName).join(", ")}`);
  } else if (flags.json) {
    printJson(dashboards.map((d) => d.dashboard));
  } else if (!flags.check) {
    process.stdout.write(`${formatTable(["file", "uid", "title", "panels", "reads"], dashboards.map((d) => [d.fileName, d.uid, d.title, d.queries.length, d.reads.join(", ")]))}\n`);
  }

  if (flags.check) {
    const client = new TrinoClient(resolveConnections(dir).trino);
    const days = flags.since ?? 30;
    const to = new Date();
    const results = await checkDashboards(client, dashboards, { from: new Date(to.getTime() - days * 86_400_000), to });
    const bad = results.filter((r) => !r.ok);
    const empty = results.filter((r) => r.ok && r.expectRows && r.rows === 0);
    process.stdout.write(`${formatTable(["dashboard", "panel", "status", "rows"], results.map((r) => [r.dashboard, r.panelTitle, r.ok ? "ok" : `error: ${r.error ?? ""}`.slice(0, 120), r.rows]))}\n`);
    if (empty.length) info(`${empty.length} gold panel(s) returned no rows — has the project been run?`);
    if (bad.length) throw new LakeformError("warehouse", `${bad.length} of ${results.length} dashboard queries failed on Trino`);
  }
}

export function registerDashboards(program: Command): void {
  const cmd = program.command("dashboards").description("generate Grafana dashboards (Trino data source) for the gold models and pipeline health");
  projectDirArgument(cmd)
    .option("-o, --out <dir>", "write one JSON file per dashboard here (Grafana provisioning reads build/grafana)")
    .option("--json", "print the dashboards as a JSON array")
    .option("--check", "run every panel query on Trino (macros expanded) and report failures")
    .option("--since <days>", "time range for --check, in days back from now", positiveInt("--since"), 30)
    .option("--datasource <uid>", "Grafana data source uid", "lakeform-trino")
    .option("--run-log-schema <schema>", "schema of the run log tables (runs, action_runs, assertion_results)", "lakeform")
    .action((projectDir: string, flags: DashboardsFlags) => run(projectDir, flags));
  helpFooter(cmd, { examples: ["lakeform dashboards --out build/grafana", "lakeform dashboards --check", "docker compose up -d grafana   # then open http://localhost:3000"], exitCodes: [0, 1, 2] });
}
