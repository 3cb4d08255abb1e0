import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { resolveConnections } from "../../config/connection.js";
import type { RunSummary } from "../../run/events.js";
import { junitXml } from "../../run/junit.js";
import { executePlan, preparePlan, type RunOptions } from "../../run/runner.js";
import { concurrencyOption, helpFooter } from "../options.js";
import { printJson } from "../output.js";
import { baseObservers } from "../run-observers-base.js";
import { loadProject } from "../project.js";
import { prepareState } from "../state-flags.js";
import { addSelectionFlags, selectionOf, type SelectionFlags } from "./run-flags.js";

interface TestFlags extends SelectionFlags {
  readonly junit?: string;
  readonly json?: boolean;
  readonly concurrency: number;
  readonly storeFailures?: boolean;
  readonly runLog: boolean;
}

export function registerTest(program: Command): void {
  const cmd = addSelectionFlags(
    program
      .command("test")
      .description("run the assertions and SQLX unit tests on Trino without rebuilding anything; exit 1 if a blocking one fails")
      .option("--junit <path>", "write a JUnit XML report (for CI)")
      .option("--store-failures", "keep failing assertion rows in <assertionSchema>.<name>__failures")
      .option("--no-run-log", "do not record results in the lakeform.* Iceberg tables")
      .option("--json", "print the results as JSON"),
  );
  concurrencyOption(cmd, "checks");
  helpFooter(cmd, {
    notes: "The CI command: builds nothing, runs every selected assertion and unit test, fails on a blocking one.",
    examples: ["lakeform test --junit build/junit.xml", "lakeform test --tags gold --store-failures", "lakeform test path/to/project --json"],
    exitCodes: [0, 1, 2, 130],
  });
  cmd.action(async (dir: string, flags: TestFlags) => {
    const p = await loadProject(dir, flags);
    const client = new TrinoClient(resolveConnections(p.dir).trino);
    // `--select state:modified+`: check what a change touches (the comparison read is in the plan).
    const st = await prepareState(p, client, flags);
    const options: RunOptions = { ...selectionOf(flags), ...(st.comparison ? { state: st.comparison } : {}), reads: st.reads, purpose: "test", concurrency: flags.concurrency, storeFailures: flags.storeFailures === true, runLog: flags.runLog };
    const observers = baseObservers({ progress: !flags.json });
    const ac = new AbortController();
    const onSignal = () => ac.abort(new Error("interrupted"));
    process.once("SIGINT", onSignal).once("SIGTERM", onSignal);
    try {
      const plan = await preparePlan({ client, dialect: p.dialect, graph: p.graph, projectDir: p.dir, options, signal: ac.signal });
      const summary: RunSummary = await executePlan({ client, dialect: p.dialect, graph: p.graph, projectDir: p.dir, options, observers, signal: ac.signal }, plan);
      if (flags.junit) writeFileSync(flags.junit, junitXml("lakeform test", summary));
      if (flags.json) printJson(summary);
      process.exitCode = summary.status === "cancelled" ? 130 : summary.status === "failed" ? 1 : 0;
    } finally {
      process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
    }
  });
}
