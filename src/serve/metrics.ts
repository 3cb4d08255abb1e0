/**
 * The runner's and scheduler's Prometheus metrics, built with prom-client on one Registry that
 * `serve` exposes on `/metrics` (the ingester registers its own series on the same registry).
 * `RunMetricsObserver` turns run events into series; the scheduler's events feed the rest.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ActionOutcome, RunInfo, RunObserver } from "../run/events.js";

export interface ServeMetrics {
  readonly registry: Registry;
  readonly runs: Counter<"workflow" | "status">;
  readonly actions: Counter<"workflow" | "kind" | "status">;
  readonly actionSeconds: Histogram<"workflow" | "kind">;
  readonly rowsWritten: Counter<"workflow">;
  readonly assertionFailures: Counter<"workflow" | "assertion">;
  readonly lastSuccess: Gauge<"workflow">;
  readonly lastRunSeconds: Gauge<"workflow">;
  readonly running: Gauge<"workflow">;
  readonly skippedTicks: Counter<"workflow" | "reason">;
  readonly ready: Gauge<"check">;
}

export function createServeMetrics(registry = new Registry()): ServeMetrics {
  const registers = [registry];
  collectDefaultMetrics({ register: registry, prefix: "lakeform_process_" });
  return {
    registry,
    runs: new Counter({ name: "lakeform_runs_total", help: "workflow runs by final status", labelNames: ["workflow", "status"], registers }),
    actions: new Counter({ name: "lakeform_actions_total", help: "actions run by kind and status", labelNames: ["workflow", "kind", "status"], registers }),
    actionSeconds: new Histogram({
      name: "lakeform_action_duration_seconds",
      help: "wall time of each action (all its statements)",
      labelNames: ["workflow", "kind"],
      buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900],
      registers,
    }),
    rowsWritten: new Counter({ name: "lakeform_rows_written_total", help: "rows written by tables, incrementals and operations", labelNames: ["workflow"], registers }),
    assertionFailures: new Counter({ name: "lakeform_assertion_failures_total", help: "assertions that failed (blocking or warning)", labelNames: ["workflow", "assertion"], registers }),
    lastSuccess: new Gauge({ name: "lakeform_workflow_last_success_timestamp_seconds", help: "end of the last successful run (Unix time)", labelNames: ["workflow"], registers }),
    lastRunSeconds: new Gauge({ name: "lakeform_workflow_last_run_duration_seconds", help: "duration of the last run", labelNames: ["workflow"], registers }),
    running: new Gauge({ name: "lakeform_workflow_running", help: "1 while a run of the workflow is going", labelNames: ["workflow"], registers }),
    skippedTicks: new Counter({ name: "lakeform_workflow_skipped_ticks_total", help: "cron ticks not run: overlap (the previous run still going) or tables-busy (another run writes the same table)", labelNames: ["workflow", "reason"], registers }),
    ready: new Gauge({ name: "lakeform_ready", help: "1 when the readiness check passes (check=all) and per check", labelNames: ["check"], registers }),
  };
}

/**
 * Per-action series; the workflow label is the run's workflow ("" for hand-picked selections).
 * Runs are counted from the scheduler's events instead, so a run that fails before its plan (a
 * compile error, Trino down) is counted too.
 */
export class RunMetricsObserver implements RunObserver {
  constructor(private readonly m: ServeMetrics) {}

  onActionEnd(run: RunInfo, o: ActionOutcome): void {
    const workflow = run.workflow ?? "";
    this.m.actions.inc({ workflow, kind: o.action.kind, status: o.status });
    if (o.status !== "skipped" && o.status !== "cancelled") {
      this.m.actionSeconds.observe({ workflow, kind: o.action.kind }, Math.max(0, Date.parse(o.endedAt) - Date.parse(o.startedAt)) / 1000);
    }
    if (o.rowsWritten > 0) this.m.rowsWritten.inc({ workflow }, o.rowsWritten);
    if (o.action.kind === "assertion" && (o.status === "failed" || o.status === "warning")) this.m.assertionFailures.inc({ workflow, assertion: o.action.key });
  }
}
