/**
 * What to do when Trino fails mid-ingest: wait and retry (never skip, never advance) for
 * outages and Iceberg commit conflicts; stop for anything else, which is a bug or a table
 * that no longer matches the stream.
 */
import { LakeformError } from "../common/errors.js";
import { isServerError, isTransient, TrinoCancelledError, TrinoConnectionError, TrinoQueryError } from "../adapters/trino/client.js";

export function isRetryable(e: unknown): boolean {
  if (e instanceof TrinoCancelledError) return false;
  if (e instanceof TrinoQueryError) return isTransient(e);
  if (e instanceof TrinoConnectionError) return true;
  if (isServerError(e)) return true;
  if (e instanceof LakeformError) return e.kind === "connection";
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^(ECONN|EPIPE|ETIMEDOUT|EAI_AGAIN|UND_ERR)/.test(code);
}

export function backoffMs(attempt: number, baseMs = 500, maxMs = 30_000): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(exp / 2 + Math.random() * (exp / 2)); // jitter: two ingesters do not retry in lockstep
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason instanceof Error ? signal.reason : new Error("aborted"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
