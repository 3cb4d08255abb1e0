/**
 * `run`: read the warehouse state, plan, then execute the plan on Trino (or, dry, ask Trino to
 * validate each statement). The runner never builds SQL — every statement comes from the plan.
 */
import { randomUUID } from "node:crypto";
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Dialect } from "../plan/dialect.js";
import type { RenderedStatement } from "../plan/render-types.js";
import { DiagnosticsError, errorMessage } from "../common/errors.js";
import type { Graph } from "../compile/graph.js";
import { buildPlan, type Plan, type PlanOptions, type PlanTask } from "../plan/plan.js";
import { selectActions } from "../plan/select.js";
import type { ActionOutcome, RunInfo, RunObserver, RunSummary } from "./events.js";
import { executeTask } from "./execute-task.js";
import { readSourceColumns, readWarehouseState } from "./introspect.js";
import { readSeedHashes } from "./seed-state.js";
import { readContractColumns } from "./contract-columns.js";
import { readColumnComments } from "./column-comments.js";
import { readSwappedColumns } from "./serving-columns.js";
import { runLogRows } from "./run-log.js";
import { appendRejected, pendingRunLogFile, readPending, rejectedRunLogFile, rewritePending, writeStatements, type PendingStatement } from "./pending-run-log.js";
import { RUN_LOG_TABLES, runLogWrittenCheck } from "../plan/run-log.js";
import { runDag } from "./scheduler.js";
import { readIntervalLogs } from "./read-intervals.js";

export interface RunOptions extends PlanOptions {
  readonly concurrency?: number;
  readonly failFast?: boolean;
  readonly maxRetries?: number;
}

export interface RunRequest {
  readonly client: TrinoClient;
  readonly dialect: Dialect;
  readonly graph: Graph;
  readonly projectDir: string;
  readonly options: RunOptions;
  readonly observers?: readonly RunObserver[];
  readonly signal?: AbortSignal;
  readonly now?: () => Date;
  readonly newRunId?: () => string;
  readonly workflow?: string | undefined;
  /** The project's graph before `--defer`/`--audit` rewrote it: what the run log's manifest records. */
  readonly stateGraph?: Graph | undefined;
}

export async function preparePlan(req: RunRequest): Promise<Plan> {
  const { client, dialect, graph, options } = req;
  const state = await readWarehouseState(client, dialect, graph, req.signal);
  const { keys } = selectActions(graph, options);
  // Only a build compares query and table columns (onSchemaChange); `test` builds nothing.
  const needColumns = options.purpose !== "test" && !options.fullRefresh;
  const sourceColumns = needColumns ? await readSourceColumns(client, dialect, graph, state.value, keys, req.signal) : { value: new Map(), reads: [] };
  const seeds = options.purpose !== "test" && !options.fullRefresh ? await readSeedHashes(client, dialect, graph, state.value, keys, req.signal) : { value: new Map<string, string>(), reads: [] };
  const swapped = options.purpose !== "test" ? await readSwappedColumns(client, dialect, graph, state.value, keys, req.signal) : { value: new Map(), reads: [] };
  // Time-range models: which intervals the interval log says are built.
  const intervalLogs = options.purpose === "test" ? { value: new Map(), reads: [] } : await readIntervalLogs(client, dialect, graph, keys, req.signal);
  const comments = options.purpose !== "test" ? await readColumnComments(client, dialect, graph, state.value, keys, req.signal) : { value: undefined, reads: [] };
  const contracts = options.purpose !== "test" ? await readContractColumns(client, dialect, graph, state.value, keys, options.fullRefresh === true, req.signal) : { value: new Map(), reads: [] };
  const timeRange = { now: (req.now ?? (() => new Date()))().toISOString(), ...options.timeRange };
  const plan = buildPlan(dialect, graph, state.value, {
    ...options,
    timeRange,
    intervalLogs: intervalLogs.value,
    seedHashes: seeds.value,
    contractColumns: contracts.value,
    columnComments: comments.value,
    sourceColumns: new Map([...sourceColumns.value, ...swapped.value]),
    reads: [...(options.reads ?? []), ...state.reads, ...sourceColumns.reads, ...swapped.reads, ...seeds.reads, ...intervalLogs.reads, ...contracts.reads, ...comments.reads],
  });
  const errors = plan.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `the plan has ${errors.length} error(s)`);
  return plan;
}

async function notify(observers: readonly RunObserver[], fn: (o: RunObserver) => void | Promise<void>): Promise<void> {
  for (const o of observers) {
    try {
      await fn(o);
    } catch (e) {
      process.emitWarning(`run observer failed: ${errorMessage(e)}`);
    }
  }
}

export async function executePlan(req: RunRequest, plan: Plan): Promise<RunSummary> {
  const now = req.now ?? (() => new Date());
  const observers = req.observers ?? [];
  const signal = req.signal ?? new AbortController().signal;
  const byKey = new Map(req.graph.actions.map((a) => [a.key, a]));
  const run: RunInfo = {
    runId: (req.newRunId ?? randomUUID)(),
    projectDir: req.projectDir,
    startedAt: now().toISOString(),
    graph: req.graph,
    selected: plan.tasks.map((t) => t.key),
    dryRun: false,
    workflow: req.workflow,
    stateGraph: req.stateGraph,
  };
  await notify(observers, (o) => o.onRunStart?.(run));
  // Schemas first: every task may write into one of them.
  for (const s of plan.schemas) await req.client.query(s.sql, { signal });

  const outcome = (task: PlanTask, o: Omit<ActionOutcome, "action">): ActionOutcome => ({ action: byKey.get(task.key)!, ...o });
  const results = await runDag<ActionOutcome>(
    plan.tasks,
    { concurrency: req.options.concurrency ?? 4, failFast: req.options.failFast ?? false, signal },
    async (task, taskSignal) => {
      await notify(observers, (o) => o.onActionStart?.(run, byKey.get(task.key)!));
      const r = outcome(
        task,
        await executeTask(
          {
            client: req.client,
            signal: taskSignal,
            maxRetries: req.options.maxRetries ?? 4,
            now,
            sleep: (ms) => new Promise((res) => setTimeout(res, ms)),
          },
          task,
        ),
      );
      await notify(observers, (o) => o.onActionEnd?.(run, r));
      return r;
    },
    (task, reason, status) => {
      const t = now().toISOString();
      const r = outcome(task, { status, startedAt: t, endedAt: t, statements: [], rowsWritten: 0, reason });
      void notify(observers, (o) => o.onActionEnd?.(run, r));
      return r;
    },
  );
  const outcomes = plan.tasks.map((t) => results.get(t.key)!);
  const failed = outcomes.some((o) => o.status === "failed");
  const summary: RunSummary = {
    runId: run.runId,
    status: signal.aborted ? "cancelled" : failed ? "failed" : "success",
    startedAt: run.startedAt,
    endedAt: now().toISOString(),
    outcomes,
  };
  await writeRunLog(req, plan.runLog, run, summary);
  await notify(observers, (o) => o.onRunEnd?.(run, summary));
  return summary;
}

/**
 * The plan's run-log statements, with the rows bound. First the logs of earlier runs that could
 * not write theirs (kept in `.lakeform/pending-run-log.jsonl`), then this run's; what cannot be
 * written now is kept there for the next run. A failure is a warning, never a failed run.
 */
async function writeRunLog(req: RunRequest, statements: readonly RenderedStatement[], run: RunInfo, summary: RunSummary): Promise<void> {
  if (!statements.length) return;
  const file = pendingRunLogFile(req.projectDir);
  const catalog = req.graph.settings.defaultDatabase;
  const earlier = readPending(file);
  const ddl = statements.filter((s) => !s.parameter).map((s) => s.sql);
  const current: PendingStatement[] = statements.flatMap((s) => {
    if (!s.parameter) return [];
    const rows = runLogRows(s.parameter, run, summary, req.projectDir);
    return rows.length ? [{ runId: run.runId, table: RUN_LOG_TABLES[s.parameter].name, sql: s.sql, parameters: [JSON.stringify(rows)] }] : [];
  });
  const written = async (p: PendingStatement) => {
    const r = await req.client.query(runLogWrittenCheck(req.dialect, catalog, p.table), { parameters: [p.runId] });
    return Number(r.rows[0]?.[0] ?? 0) > 0;
  };
  try {
    const r = await writeStatements(req.client, ddl, [...earlier, ...current], earlier.length, written);
    appendRejected(rejectedRunLogFile(req.projectDir), r.rejected);
    if (earlier.length || r.left.length) rewritePending(file, r.left);
    if (r.error !== undefined) process.emitWarning(`run log not written (${errorMessage(r.error)}); kept in ${file}, the next run writes it`);
    const first = r.rejected[0];
    if (first) process.emitWarning(`${r.rejected.length} run-log statement(s) refused by Trino (${first.error}); kept in ${rejectedRunLogFile(req.projectDir)}`);
  } catch (e) {
    process.emitWarning(`run log not written: ${errorMessage(e)}`);
  }
}
