/**
 * `lakeform maintain [project-dir]`: Iceberg upkeep per the project's policy — compaction
 * (`optimize` above a file-size threshold), snapshot expiry, orphan-file removal — with each
 * table's figures before and after (`$files`, `$snapshots`), recorded in `lakeform.maintenance_runs`.
 */
import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { resolveConnections } from "../../config/connection.js";
import { runMaintenance, type MaintainReport, type MaintenanceRun } from "../../run/maintain.js";
import { helpFooter } from "../options.js";
import { formatTable, info, printJson } from "../output.js";
import { loadProject } from "../project.js";
import { addSelectionFlags, selectionOf, type SelectionFlags } from "./run-flags.js";

interface MaintainFlags extends SelectionFlags {
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly runLog: boolean;
}

const size = (b: number | null | undefined) => (b === null || b === undefined ? "-" : b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} kB`);
const change = (a: unknown, b: unknown) => `${a ?? "-"} → ${b ?? "-"}`;

export function maintenanceTable(run: MaintenanceRun): string {
  const rows = run.reports.map((r: MaintainReport) => [
    r.key,
    r.status,
    run.dryRun ? String(r.before?.files ?? "-") : change(r.before?.files, r.after?.files),
    run.dryRun ? size(r.before?.avgFileBytes) : `${size(r.before?.avgFileBytes)} → ${size(r.after?.avgFileBytes)}`,
    run.dryRun ? String(r.before?.snapshots ?? "-") : change(r.before?.snapshots, r.after?.snapshots),
    r.error ?? r.reasons.join("; "),
  ]);
  return formatTable(["table", "status", "files", "avg file size", "snapshots", "what"], rows);
}

export function registerMaintain(program: Command): void {
  const cmd = addSelectionFlags(
    program
      .command("maintain")
      .description("Iceberg upkeep by policy (lakeform.iceberg.maintenance, model iceberg.maintenance): optimize small files, expire snapshots, remove orphan files; figures before/after")
      .option("--dry-run", "read every table's figures and print what would run; change nothing")
      .option("--no-run-log", "do not record the figures in lakeform.maintenance_runs")
      .option("--json", "print the report as JSON"),
  );
  helpFooter(cmd, {
    notes: 'Policy: "lakeform": { "iceberg": { "maintenance": { "optimizeEvery": "1d", "retainSnapshots": 10, "olderThan": "7d", "fileSizeThreshold": "128MB", "layers": { "bronze": { "optimizeEvery": "1h" } } } } };\na model overrides it with config { iceberg: { maintenance: { … } | false } }. Bronze tables the ingester lands are included.',
    examples: ["lakeform maintain --dry-run", "lakeform maintain --tags bronze", "lakeform maintain --actions silver.dados_produtores_agro --json"],
    exitCodes: [0, 1, 2, 130],
  });
  cmd.action(async (dir: string, flags: MaintainFlags) => {
    const p = await loadProject(dir, flags);
    const client = new TrinoClient(resolveConnections(p.dir).trino);
    const controller = new AbortController();
    const onSignal = () => controller.abort(new Error("signal"));
    process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
    try {
      const run = await runMaintenance({
        client,
        dialect: p.dialect,
        graph: p.graph,
        selection: selectionOf(flags),
        dryRun: flags.dryRun === true,
        runLog: flags.runLog,
        signal: controller.signal,
        onTable: (r) => (flags.json ? undefined : info(`[maintain] ${r.key}: ${r.status}`)),
      });
      if (flags.json) printJson(run);
      else {
        process.stdout.write(`${maintenanceTable(run)}\n`);
        if (run.dryRun) for (const r of run.reports) for (const s of r.statements) process.stdout.write(`-- ${r.key}\n${s};\n`);
      }
      process.exitCode = controller.signal.aborted ? 130 : run.reports.some((r) => r.status === "failed") ? 1 : 0;
    } finally {
      process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    }
  });
}
