/**
 * The run log's rows: data for the plan's run-log statements (`plan/run-log.ts`), keyed by
 * column name and bound as one JSON parameter each. No SQL here.
 */
import type { RunLogRows } from "../plan/render-types.js";
import type { ActionOutcome, RunInfo, RunSummary } from "./events.js";
import { manifestRows } from "./manifest-rows.js";

export type RunLogRow = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export function runLogRows(which: RunLogRows, run: RunInfo, summary: RunSummary, project: string): RunLogRow[] {
  switch (which) {
    case "runs":
      return [
        {
          run_id: run.runId,
          project,
          started_at: summary.startedAt,
          ended_at: summary.endedAt,
          status: summary.status,
          actions_total: summary.outcomes.length,
          actions_failed: summary.outcomes.filter((o) => o.status === "failed").length,
          workflow: run.workflow ?? null,
        },
      ];
    case "action-runs":
      return summary.outcomes.map((o: ActionOutcome) => ({
        run_id: run.runId,
        action_key: o.action.key,
        kind: o.action.kind,
        status: o.status,
        started_at: o.startedAt,
        ended_at: o.endedAt,
        duration_ms: Date.parse(o.endedAt) - Date.parse(o.startedAt),
        statements: o.statements.length,
        rows_written: o.rowsWritten,
        query_ids: o.statements.flatMap((s) => (s.queryId ? [s.queryId] : [])),
        snapshot_id: o.snapshotId ?? null,
        error: o.error?.slice(0, 4000) ?? null,
      }));
    case "assertion-results":
      return summary.outcomes
        .filter((o) => o.action.kind === "assertion" && o.status !== "skipped" && o.status !== "cancelled")
        .map((o) => ({
          run_id: run.runId,
          assertion_key: o.action.key,
          parent_key: o.action.kind === "assertion" ? (o.action.parent ?? null) : null,
          status: o.status,
          failing_rows: o.failingRows ?? null,
          blocking: o.status !== "warning",
          checked_at: o.endedAt,
        }));
    case "manifest":
      return summary.status === "success" ? manifestRows(run, summary.endedAt) : [];
    case "maintenance":
      return []; // written by `lakeform maintain`, not by runs
  }
}
