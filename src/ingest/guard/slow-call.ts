/**
 * A blocked external call must never be silent (issue 17 item 5: during a MinIO outage batches
 * blocked ~30 s with no line at all). `slowCall` logs what is being waited for every
 * `warnEveryMs` until the call settles; the call's own timeout bounds the wait.
 */
export async function slowCall<T>(warnEveryMs: number, warn: (waitedMs: number) => void, fn: () => Promise<T>, now: () => number = Date.now): Promise<T> {
  const t0 = now();
  const timer = setInterval(() => warn(now() - t0), warnEveryMs);
  timer.unref();
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

/** Bounds on every call the ingester makes (defaults; `RunIngestOptions.callLimits` overrides them). */
export interface CallLimits {
  /** a Trino statement is cancelled and retried after this long */
  readonly statementTimeoutMs: number;
  /** an S3 PUT is aborted and retried after this long */
  readonly s3TimeoutMs: number;
  /** a call still running is logged every this often */
  readonly slowWarnMs: number;
}

export const DEFAULT_CALL_LIMITS: CallLimits = {
  // A healthy batch commits in 0.3–3 s here (bench:ingest); 16M-char statements under load take
  // tens of seconds, so the cancel leaves a wide margin and mostly catches a stuck object store.
  statementTimeoutMs: 180_000,
  s3TimeoutMs: 60_000,
  slowWarnMs: 10_000,
};

/** `450 ms`, `12 s`: durations in log lines and errors. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms / 1000)} s`;
}
