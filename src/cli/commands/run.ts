import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { Cron } from "croner";
import { TrinoClient } from "../../adapters/trino/client.js";
import { LakeformError, errorMessage } from "../../common/errors.js";
import { resolveConnections } from "../../config/connection.js";
import { selectActions } from "../../plan/select.js";
import { dryRun } from "../../run/dry-run.js";
import type { RunObserver, RunSummary } from "../../run/events.js";
import { junitXml } from "../../run/junit.js";
import { executePlan, preparePlan, type RunOptions } from "../../run/runner.js";
import { lockFileFor, lockTables, writeSet } from "../../run/table-locks.js";
import { concurrencyOption, helpFooter, timeRangeOptions } from "../options.js";
import { timeRangeRunOf, type TimeRangeFlags } from "../time-range-flags.js";
import { info, isTty, printJson } from "../output.js";
import { baseObservers } from "../run-observers-base.js";
import { loadProject } from "../project.js";
import { addSelectionFlags, selectionOf, type SelectionFlags } from "./run-flags.js";
import { extraObservers } from "./run-observers.js";
import { workflowFlags } from "./workflow-flags.js";
import { prepareState } from "../state-flags.js";

interface RunFlags extends SelectionFlags, TimeRangeFlags {
  readonly concurrency: number;
  readonly failFast?: boolean;
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly junit?: string;
  readonly schedule?: string;
  readonly storeFailures?: boolean;
  readonly runLog: boolean;
  readonly openlineage?: string;
  readonly workflow?: string;
  readonly defer?: boolean;
  readonly audit?: boolean;
}

export function registerRun(program: Command): void {
  const cmd = addSelectionFlags(
    program
      .command("run")
      .description("build the project on Trino: tables, views, incremental MERGEs, operations, then assertions")
      .option("--full-refresh", "rebuild incremental tables from scratch (refused for protected tables)")
      .option("--fail-fast", "stop at the first failure and cancel running queries")
      .option("--dry-run", "validate every planned statement with Trino (EXPLAIN) without writing anything")
      .option("--store-failures", "keep failing assertion rows in <assertionSchema>.<name>__failures")
      .option("--no-run-log", "do not record the run in the lakeform.* Iceberg tables")
      .option("--junit <path>", "also write a JUnit XML report")
      .option("--openlineage <file|url>", "emit OpenLineage run events to a .jsonl file or an HTTP endpoint")
      .option("--schedule <cron>", 'keep running on a cron schedule, e.g. "*/5 * * * *" (never overlapping)')
      .option("--workflow <name>", "run a workflow declared in lakeform.workflows once (its selection and vars; --vars still wins)")
      .option("--defer", "build only the selection into the environment (--schema-suffix/--table-prefix); its refs to unselected actions read production's tables")
      .option("--json", "print the run summary as JSON"),
  );
  concurrencyOption(cmd, "actions");
  timeRangeOptions(cmd);
  helpFooter(cmd, {
    notes: "Ctrl-C/SIGTERM cancels the running Trino queries and exits cleanly.",
    examples: ["lakeform run", "lakeform run --tags daily --include-deps --junit build/junit.xml", "lakeform run --workflow gold_hourly", "lakeform run --dry-run", "lakeform run --start 2026-01-01 --end 2026-01-31 --actions events_daily", 'lakeform run --schedule "*/15 * * * *"', "lakeform run --select state:modified+ --defer --schema-suffix pr_42"],
    exitCodes: [0, 1, 2, 130],
  });
  cmd.action(async (dir: string, given: RunFlags) => {
      const flags = given.workflow ? { ...workflowFlags(resolve(dir ?? "."), given), workflow: given.workflow } : given;
      const concurrency = flags.concurrency;
      if (flags.dryRun) return dryRunCommand(dir, flags);
      const controller = new AbortController();
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        signals++;
        if (signals > 1) process.exit(130);
        info(`\n${sig}: cancelling running queries… (again to force)`);
        controller.abort(new Error(sig));
      };
      process.on("SIGINT", onSignal).on("SIGTERM", onSignal);
      try {
        if (flags.schedule) await scheduled(dir, flags, concurrency, controller.signal);
        else {
          const summary = await runOnce(dir, flags, concurrency, controller.signal);
          process.exitCode = summary.status === "cancelled" ? 130 : summary.status === "failed" ? 1 : 0;
        }
      } finally {
        process.off("SIGINT", onSignal).off("SIGTERM", onSignal);
      }
    });
}

export async function runOnce(dir: string, flags: RunFlags, concurrency: number, signal: AbortSignal): Promise<RunSummary> {
  const p = await loadProject(dir, flags);
  const conn = resolveConnections(p.dir);
  const client = new TrinoClient(conn.trino);
  const st = await prepareState(p, client, flags, false, signal);
  const graph = st.graph;
  const options: RunOptions = { ...selectionOf(flags), ...timeRangeRunOf(flags), ...(st.comparison ? { state: st.comparison } : {}), reads: st.reads, concurrency, failFast: flags.failFast === true, storeFailures: flags.storeFailures === true, runLog: flags.runLog };
  const observers: RunObserver[] = [];
  observers.push(...baseObservers({ progress: !flags.json }));
  observers.push(...(await extraObservers(p, flags)));
  // Table-level locks: runs of disjoint selections (e.g. `lakeform serve`'s workflows) may run at once.
  const locks = lockTables(p.dir, writeSet(graph, selectActions(graph, options).keys), flags.workflow ? `lakeform run --workflow ${flags.workflow}` : flags.schedule ? `lakeform run --schedule "${flags.schedule}"` : "lakeform run");
  if ("busy" in locks) {
    const { table, owner } = locks.busy;
    throw new LakeformError("usage", `another run is writing ${table}: ${owner.what} (pid ${owner.pid} on ${owner.host}, since ${owner.since})`, {
      hint: `wait for it to finish, or select actions that do not write the same tables; the lock is ${lockFileFor(p.dir, table)}`,
      exitCode: 1,
    });
  }
  let summary: RunSummary;
  try {
    const plan = await preparePlan({ client, dialect: p.dialect, graph, projectDir: p.dir, options, signal });
    summary = await executePlan({ client, dialect: p.dialect, graph, projectDir: p.dir, options, observers, signal, workflow: flags.workflow, stateGraph: p.graph }, plan);
  } finally {
    locks.release();
  }
  if (flags.junit) writeFileSync(flags.junit, junitXml("lakeform run", summary));
  if (flags.json) printJson(summary);
  return summary;
}

async function dryRunCommand(dir: string, flags: RunFlags): Promise<void> {
  const p = await loadProject(dir, flags);
  const client = new TrinoClient(resolveConnections(p.dir).trino);
  const st = await prepareState(p, client, flags);
  // A dry run writes nothing, so its plan has no run log; it validates what `run` would execute.
  const plan = await preparePlan({ client, dialect: p.dialect, graph: st.graph, projectDir: p.dir, options: { ...selectionOf(flags), ...timeRangeRunOf(flags), ...(st.comparison ? { state: st.comparison } : {}), reads: st.reads, storeFailures: flags.storeFailures === true } });
  const report = await dryRun(client, p.dialect, plan);
  const invalid = report.filter((r) => r.verdict === "invalid");
  if (flags.json) printJson({ plan, statements: report });
  else {
    for (const r of report) {
      const mark = r.verdict === "valid" ? "OK  " : r.verdict === "deferred" ? "WAIT" : "FAIL";
      process.stdout.write(`${mark} ${r.key} ${r.role}${r.error ? ` — ${r.error}` : ""}\n`);
    }
    process.stdout.write(`dry run: ${report.length} statement(s), ${invalid.length} would fail, ${report.filter((r) => r.verdict === "deferred").length} need objects this run would create; nothing was written\n`);
  }
  if (invalid.length) process.exitCode = 1;
}

async function scheduled(dir: string, flags: RunFlags, concurrency: number, signal: AbortSignal): Promise<void> {
  let current: Promise<unknown> | undefined;
  const job = new Cron(flags.schedule!, { protect: () => info(`[schedule] previous run still going at ${new Date().toISOString()}; this tick is skipped`) }, async () => {
    info(`[schedule] run starting at ${new Date().toISOString()}`);
    current = runOnce(dir, flags, concurrency, signal).then(
      (s) => info(`[schedule] run ${s.runId} ${s.status}; next at ${job.nextRun()?.toISOString() ?? "never"}`),
      (e: unknown) => info(`[schedule] run failed to start: ${errorMessage(e)}; next at ${job.nextRun()?.toISOString() ?? "never"}`),
    );
    await current;
  });
  if (!job.nextRun()) throw new LakeformError("usage", `--schedule "${flags.schedule}" never fires`);
  info(`[schedule] "${flags.schedule}": next run at ${job.nextRun()?.toISOString()}; Ctrl-C/SIGTERM to stop`);
  await new Promise<void>((res) => signal.addEventListener("abort", () => res(), { once: true }));
  job.stop();
  await current;
  info("[schedule] stopped");
}
