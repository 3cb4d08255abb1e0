/**
 * `/readyz` as a pure function: Trino and Kafka reachable, every ingester assigned its partitions,
 * and no workflow failing for longer than its grace. Each check says why it fails, so an operator
 * reading the probe's body (or the log) knows what to fix.
 */
import type { WorkflowStatus } from "./workflow-status.js";

export interface Probe {
  readonly ok: boolean;
  readonly detail?: string | undefined;
}

export interface ReadinessInput {
  readonly now: Date;
  readonly trino: Probe;
  /** undefined when this process runs no ingester (`--no-ingest`) */
  readonly kafka: Probe | undefined;
  /** stream → assigned at least one partition since start */
  readonly ingesters: ReadonlyMap<string, boolean>;
  readonly workflows: readonly { readonly status: WorkflowStatus; readonly graceMs: number }[];
}

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: readonly Check[];
}

export function readiness(i: ReadinessInput): Readiness {
  const checks: Check[] = [{ name: "trino", ok: i.trino.ok, detail: i.trino.detail ?? (i.trino.ok ? "reachable" : "unreachable") }];
  if (i.kafka) checks.push({ name: "kafka", ok: i.kafka.ok, detail: i.kafka.detail ?? (i.kafka.ok ? "reachable" : "unreachable") });
  for (const [stream, assigned] of i.ingesters) {
    checks.push({ name: `ingest:${stream}`, ok: assigned, detail: assigned ? "partitions assigned" : "waiting for a partition assignment" });
  }
  for (const { status, graceMs } of i.workflows) {
    const failingMs = status.failingSince ? i.now.getTime() - status.failingSince.getTime() : 0;
    const ok = failingMs <= graceMs;
    const detail = status.failingSince
      ? `failing since ${status.failingSince.toISOString()} (grace ${Math.round(graceMs / 1000)} s)`
      : status.lastStatus
        ? `last run ${status.lastStatus}`
        : "no run yet";
    checks.push({ name: `workflow:${status.name}`, ok, detail });
  }
  return { ready: checks.every((c) => c.ok), checks };
}
