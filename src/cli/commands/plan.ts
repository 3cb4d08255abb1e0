import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { resolveConnections } from "../../config/connection.js";
import type { RenderedStatement } from "../../plan/render-types.js";
import { preparePlan } from "../../run/runner.js";
import { helpFooter, timeRangeOptions } from "../options.js";
import { intervalLines } from "../time-range-report.js";
import { timeRangeRunOf, type TimeRangeFlags } from "../time-range-flags.js";
import { printJson } from "../output.js";
import { loadProject } from "../project.js";
import { addSelectionFlags, selectionOf, type SelectionFlags } from "./run-flags.js";
import { describeState, prepareState, stateJson } from "../state-flags.js";

export function registerPlan(program: Command): void {
  const cmd = addSelectionFlags(
    program
      .command("plan")
      .description("show exactly the statements `lakeform run` would execute, in order, per action (reads warehouse state, writes nothing)")
      .option("--full-refresh", "plan a rebuild of incremental tables (protected ones are refused)")
      .option("--store-failures", "plan keeping failing assertion rows, as `run --store-failures` does")
      .option("--no-run-log", "plan without the run log writes, as `run --no-run-log` does")
      .option("--defer", "plan as `run --defer` does: refs to unselected actions read production's tables")
      .option("--json", "print the plan as JSON"),
  );
  timeRangeOptions(cmd);
  helpFooter(cmd, {
    examples: ["lakeform plan", "lakeform plan --start 2026-01-04 --end 2026-01-05 --restate --actions events_daily", "lakeform plan --actions silver.dados_produtores_agro --include-deps", "lakeform plan --json --store-failures > plan.json", "lakeform plan --state run-id-or-file.json --select state:modified+"],
    exitCodes: [0, 1, 2],
  });
  cmd.action(async (dir: string, flags: SelectionFlags & TimeRangeFlags & { json?: boolean; storeFailures?: boolean; runLog: boolean; defer?: boolean }) => {
    const p = await loadProject(dir, flags);
    const client = new TrinoClient(resolveConnections(p.dir).trino);
    const st = await prepareState(p, client, flags);
    const showState = flags.state !== undefined || (flags.select ?? []).some((s) => s.includes("state:"));
    const options = { ...selectionOf(flags), ...timeRangeRunOf(flags), ...(st.comparison ? { state: st.comparison } : {}), reads: st.reads, storeFailures: flags.storeFailures === true, runLog: flags.runLog };
    const plan = await preparePlan({ client, dialect: p.dialect, graph: st.graph, projectDir: p.dir, options });
    if (flags.json) return printJson(showState ? { ...plan, state: stateJson(st.comparison) } : plan);
    const sql = (s: RenderedStatement) => `${s.when ? `-- only if the check fails (${s.role}):\n` : ""}${s.parameter ? `-- ? = the run's ${s.parameter} rows (JSON), bound at the end of the run:\n` : ""}${s.sql};`;
    const out: string[] = showState ? [describeState(st.comparison), ""] : [];
    if (plan.introspection.length) out.push("-- read to build this plan (run reads them again first)", ...plan.introspection.map(sql), "");
    if (plan.schemas.length) out.push("-- schemas", ...plan.schemas.map(sql), "");
    plan.tasks.forEach((t, i) => {
      out.push(`-- [${i + 1}/${plan.tasks.length}] ${t.key} (${t.kind}, ${t.mode})${t.dependsOn.length ? ` after ${t.dependsOn.join(", ")}` : ""}`);
      out.push(...intervalLines(t), ...t.statements.map(sql), "");
    });
    if (plan.tasks.length === 0) out.push("-- nothing to do: no action selected");
    if (plan.runLog.length) out.push("-- run log", ...plan.runLog.map(sql), "");
    process.stdout.write(`${out.join("\n")}\n`);
  });
}
