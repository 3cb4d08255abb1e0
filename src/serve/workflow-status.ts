/**
 * What `serve` knows about each workflow, as plain data with pure transitions: running or not,
 * the last result, and since when it has been failing (for the readiness grace).
 */
export type WorkflowRunStatus = "success" | "failed" | "cancelled";

export interface WorkflowStatus {
  readonly name: string;
  readonly running: boolean;
  readonly runs: number;
  readonly skipped: number;
  readonly lastStatus: WorkflowRunStatus | undefined;
  readonly lastEndedAt: Date | undefined;
  readonly lastSuccessAt: Date | undefined;
  /** end of the first failed run since the last success */
  readonly failingSince: Date | undefined;
  readonly nextTick: Date | undefined;
}

export function initialStatus(name: string): WorkflowStatus {
  return { name, running: false, runs: 0, skipped: 0, lastStatus: undefined, lastEndedAt: undefined, lastSuccessAt: undefined, failingSince: undefined, nextTick: undefined };
}

export const started = (s: WorkflowStatus): WorkflowStatus => ({ ...s, running: true });

export const skipped = (s: WorkflowStatus): WorkflowStatus => ({ ...s, skipped: s.skipped + 1 });

export const scheduledAt = (s: WorkflowStatus, nextTick: Date | undefined): WorkflowStatus => ({ ...s, nextTick });

export function finished(s: WorkflowStatus, status: WorkflowRunStatus, at: Date): WorkflowStatus {
  // A cancelled run (shutdown) says nothing about the workflow's health.
  if (status === "cancelled") return { ...s, running: false, runs: s.runs + 1, lastStatus: status, lastEndedAt: at };
  return {
    ...s,
    running: false,
    runs: s.runs + 1,
    lastStatus: status,
    lastEndedAt: at,
    lastSuccessAt: status === "success" ? at : s.lastSuccessAt,
    failingSince: status === "success" ? undefined : (s.failingSince ?? at),
  };
}
