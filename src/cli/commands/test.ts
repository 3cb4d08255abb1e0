import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { resolveConnections } from "../../config/connection.js";
import type { RunSummary } from "../../run/events.js";
import { junitXml } from "../../run/junit.js";
import { executePlan, preparePlan, type RunOptions } from "../../run/runner.js";
import { printJson } from "../output.js";
import { baseObservers } from "../run-observers-base.js";
import { loadProject } from "../project.js";
import { addSelectionFlags, selectionOf, type SelectionFlags } from "./run-flags.js";

interface TestFlags extends SelectionFlags {
  readonly junit?: string;
  readonly json?: boolean;
  readonly concurrency: string;
  readonly storeFailures?: boolean;
  readonly runLog: boolean;
}

export function registerTest(program: Command): void {
  addSelectionFlags(
    program
      .command("test")
      .description("run the assertions and SQLX unit tests on Trino without rebuilding anything; exit 1 if a blocking one fails")
      .option("--junit <path>", "write a JUnit XML report (for CI)")
      .option("--concurrency <n>", "at most n checks at once", "4")
      .option("--store-failures", "keep failing assertion rows in <assertionSchema>.<name>__failures")
      .option("--no-run-log", "do not record results in the lakeform.* Iceberg tables")
      .option("--json", "print the results as JSON"),
  ).action(async (dir: string, flags: TestFlags) => {
    const p = await loadProject(dir, flags);
    const client = new TrinoClient(resolveConnections(p.dir).trino);
    const options: RunOptions = { ...selectionOf(flags), purpose: "test", concurrency: Number(flags.concurrency) || 4, storeFailures: flags.storeFailures === true, runLog: flags.runLog };
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
