/**
 * One workflow run for the scheduler: compile the project with the workflow's vars, select its
 * actions, and hand back the tables it may write (for the table locks) and a `run` that plans
 * and executes on Trino, recording the run (with its workflow) in the run log.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Dialect } from "../plan/dialect.js";
import { DiagnosticsError } from "../common/errors.js";
import type { Graph } from "../compile/graph.js";
import type { Workflow } from "../config/workflows.js";
import { selectActions } from "../plan/select.js";
import type { RunObserver } from "../run/events.js";
import { executePlan, preparePlan, type RunOptions } from "../run/runner.js";
import { writeSet } from "../run/table-locks.js";
import { prepareMaintenance } from "./maintain-workflow.js";
import type { PreparedRun } from "./scheduler.js";

export interface CompiledProject {
  readonly dir: string;
  readonly graph: Graph;
  readonly dialect: Dialect;
}

export interface PrepareDeps {
  /** compiles the project with these vars on top of the project's (CLI `--vars` applied by the caller) */
  compile(vars: Readonly<Record<string, string>>): Promise<CompiledProject>;
  readonly client: TrinoClient;
  observers(p: CompiledProject): readonly RunObserver[];
  readonly concurrency: number;
}

export function workflowRunOptions(w: Workflow, concurrency: number): RunOptions {
  return {
    ...(w.actions.length ? { actions: w.actions } : {}),
    ...(w.tags.length ? { tags: w.tags } : {}),
    includeDeps: w.includeDependencies,
    includeDependents: w.includeDependents,
    fullRefresh: false,
    concurrency,
    // the plan then carries the run-log writes, recorded with the workflow's name
    runLog: true,
  };
}

export async function prepareWorkflowRun(deps: PrepareDeps, w: Workflow): Promise<PreparedRun> {
  const p = await deps.compile(w.vars);
  if (w.kind === "maintain") return prepareMaintenance(deps, w, p);
  const options = workflowRunOptions(w, deps.concurrency);
  const { keys, diagnostics } = selectActions(p.graph, options);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `workflow "${w.name}" selects nothing valid`);
  return {
    tables: writeSet(p.graph, keys),
    run: async (signal) => {
      const req = { client: deps.client, dialect: p.dialect, graph: p.graph, projectDir: p.dir, options, signal, workflow: w.name };
      const plan = await preparePlan(req);
      const summary = await executePlan({ ...req, observers: deps.observers(p) }, plan);
      return summary.status;
    },
  };
}
