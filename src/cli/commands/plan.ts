import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { resolveConnections } from "../../config/connection.js";
import { preparePlan } from "../../run/runner.js";
import { printJson } from "../output.js";
import { loadProject } from "../project.js";
import { addSelectionFlags, selectionOf, type SelectionFlags } from "./run-flags.js";

export function registerPlan(program: Command): void {
  addSelectionFlags(
    program
      .command("plan")
      .description("show exactly the statements `lakeform run` would execute, in order, per action (reads warehouse state, writes nothing)")
      .option("--full-refresh", "plan a rebuild of incremental tables (protected ones are refused)")
      .option("--json", "print the plan as JSON"),
  ).action(async (dir: string, flags: SelectionFlags & { json?: boolean }) => {
    const p = await loadProject(dir, flags);
    const client = new TrinoClient(resolveConnections(p.dir).trino);
    const plan = await preparePlan({ client, dialect: p.dialect, graph: p.graph, projectDir: p.dir, options: selectionOf(flags) });
    if (flags.json) return printJson(plan);
    const out: string[] = [];
    if (plan.schemas.length) out.push("-- schemas", ...plan.schemas.map((s) => `${s.sql};`), "");
    plan.tasks.forEach((t, i) => {
      out.push(`-- [${i + 1}/${plan.tasks.length}] ${t.key} (${t.kind}, ${t.mode})${t.dependsOn.length ? ` after ${t.dependsOn.join(", ")}` : ""}`);
      out.push(...t.statements.map((s) => `${s.sql};`), "");
    });
    if (plan.tasks.length === 0) out.push("-- nothing to do: no action selected");
    process.stdout.write(`${out.join("\n")}\n`);
  });
}
