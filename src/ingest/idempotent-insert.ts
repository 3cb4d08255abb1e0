/**
 * Retrying Trino writes without writing twice. A failed INSERT is ambiguous — Trino may have
 * committed before the connection dropped — so before every retry the caller's `landed` check
 * asks the table whether the batch is already there. Outages and commit conflicts are waited
 * out (retry.ts decides what is retryable); anything else stops the ingester.
 */
import { backoffMs, isRetryable, sleep } from "./retry.js";
import type { SqlRunner } from "./sql-runner.js";

export interface SinkEvents {
  onRetry?(what: string, attempt: number, error: unknown, waitMs: number): void;
  /** a call has been waiting `waitedMs` (it is abandoned and retried at `timeoutMs`) */
  onSlow?(what: string, waitedMs: number, timeoutMs: number): void;
  onRecovered?(what: string): void;
}

export class Retrier {
  private readonly trino: SqlRunner;
  readonly signal: AbortSignal | undefined;
  readonly events: SinkEvents;

  constructor(trino: SqlRunner, signal: AbortSignal | undefined, events: SinkEvents) {
    this.trino = trino;
    this.signal = signal;
    this.events = events;
  }

  async insertOnce(what: string, sql: string, landed: () => Promise<boolean>, check?: (r: Awaited<ReturnType<SqlRunner["query"]>>) => void): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.trino.query(sql, { signal: this.signal });
        check?.(r);
        if (attempt > 0) this.events.onRecovered?.(what);
        return;
      } catch (e) {
        if (!isRetryable(e) || this.signal?.aborted) throw e;
        const wait = backoffMs(attempt);
        this.events.onRetry?.(what, attempt + 1, e, wait);
        await sleep(wait, this.signal);
        // readProgress retries on its own until Trino answers
        if (await landed()) {
          this.events.onRecovered?.(`${what} (had committed before the error)`);
          return;
        }
      }
    }
  }

  async retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await fn();
        if (attempt > 0) this.events.onRecovered?.(what);
        return r;
      } catch (e) {
        if (!isRetryable(e) || this.signal?.aborted) throw e;
        const wait = backoffMs(attempt);
        this.events.onRetry?.(what, attempt + 1, e, wait);
        await sleep(wait, this.signal);
      }
    }
  }
}
