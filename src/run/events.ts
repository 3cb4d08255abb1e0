/**
 * What `lakeform run` reports while it works. The runner calls these hooks; observers (progress
 * display, run log, OpenLineage emitter) implement them. Observers must not throw — a failing
 * observer is logged and ignored so it can never fail a run.
 */
import type { Action, Graph } from "../compile/graph.js";

export type ActionStatus = "success" | "failed" | "skipped" | "warning" | "cancelled";

export interface RunInfo {
  readonly runId: string;
  readonly projectDir: string;
  /** ISO time */
  readonly startedAt: string;
  readonly graph: Graph;
  /** Keys of the actions selected for this run, in plan order. */
  readonly selected: readonly string[];
  readonly dryRun: boolean;
  /** The declared workflow this run executes (`serve`, `run --workflow`); undefined for hand-picked selections. */
  readonly workflow?: string | undefined;
  /** The graph the run's manifest records when `graph` was rewritten (`--defer`, `--audit`). */
  readonly stateGraph?: Graph | undefined;
}

export interface StatementOutcome {
  readonly sql: string;
  readonly role: string;
  readonly queryId?: string | undefined;
  readonly rowsWritten?: number | undefined;
  readonly elapsedMs: number;
}

export interface ActionOutcome {
  readonly action: Action;
  readonly status: ActionStatus;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly statements: readonly StatementOutcome[];
  readonly rowsWritten: number;
  readonly error?: string | undefined;
  /** Iceberg snapshot id written (tables/incrementals), as a decimal string. */
  readonly snapshotId?: string | undefined;
  /** Assertions/tests: number of failing rows and a sample of them. */
  readonly failingRows?: number | undefined;
  readonly sample?: readonly Record<string, unknown>[] | undefined;
  readonly reason?: string | undefined;
}

export interface RunSummary {
  readonly runId: string;
  readonly status: "success" | "failed" | "cancelled";
  readonly startedAt: string;
  readonly endedAt: string;
  readonly outcomes: readonly ActionOutcome[];
}

export interface RunObserver {
  onRunStart?(run: RunInfo): void | Promise<void>;
  onActionStart?(run: RunInfo, action: Action): void | Promise<void>;
  onActionEnd?(run: RunInfo, outcome: ActionOutcome): void | Promise<void>;
  onRunEnd?(run: RunInfo, summary: RunSummary): void | Promise<void>;
}
