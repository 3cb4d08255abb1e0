/**
 * Every Trino statement of the ingester, bounded and never silent: a warn line every
 * `slowWarnMs` while it runs (with its query id and state: Trino itself may be retrying S3), and
 * a cancel after `statementTimeoutMs`, reported as a retryable `StatementTimeoutError`. A
 * cancelled write may still commit while Trino processes the cancel, so before that error is
 * thrown the statement is waited out (by its tag, see ownership/orphan-fence.ts); the caller's
 * "did it land?" check that follows then sees the truth.
 */
import { LakeformError } from "../../common/errors.js";
import type { IngestLogger } from "../log.js";
import type { SqlRunner } from "../sql-runner.js";
import { waitTagEnded } from "../ownership/orphan-fence.js";
import { duration, slowCall, type CallLimits } from "./slow-call.js";

export class StatementTimeoutError extends LakeformError {
  constructor(what: string, ms: number, queryId: string | undefined) {
    // kind "connection": the ingester's retry policy (retry.ts) waits and retries these
    super("connection", `Trino statement timed out after ${duration(ms)} and was cancelled${queryId ? ` (query ${queryId})` : ""}: ${what}`);
    this.name = "StatementTimeoutError";
  }
}

/** `INSERT INTO iceberg.s.t (p3)` from a statement: what a log line says is blocked. */
export function describeSql(sql: string): string {
  const tag = /^\/\* lakeform-ingest \S+ p(\d+) \S+ \*\/\n/.exec(sql);
  const body = (tag ? sql.slice(tag[0].length) : sql).replace(/\s+/g, " ").trim();
  const head = /^(INSERT INTO \S+|SELECT .*? FROM \S+|CREATE \w+(?: IF NOT EXISTS)? \S+|ALTER TABLE \S+|DROP TABLE(?: IF EXISTS)? \S+|CALL \S+?\()/i.exec(body)?.[0] ?? body.slice(0, 60);
  return `${head.replace(/\($/, "")}${tag ? ` (partition ${tag[1]})` : ""}`;
}

export function guardTrino(trino: SqlRunner, o: { readonly limits: CallLimits; readonly log: IngestLogger; readonly label: string }): SqlRunner {
  return {
    query: async (sql, opts = {}) => {
      const what = describeSql(sql);
      let progress: { queryId?: string; state?: string } = {};
      try {
        return await slowCall(
          o.limits.slowWarnMs,
          (ms) =>
            o.log(
              "warn",
              `[${o.label}] still waiting for Trino after ${duration(ms)}: ${what}${progress.queryId ? ` (query ${progress.queryId}, ${progress.state ?? "?"})` : " (no answer yet)"}; cancelled and retried at ${duration(o.limits.statementTimeoutMs)}`,
            ),
          () => trino.query(sql, { ...opts, timeoutMs: o.limits.statementTimeoutMs, onProgress: (p) => (progress = p) }),
        );
      } catch (e) {
        const timedOut = (e as { name?: unknown }).name === "TrinoCancelledError" && !opts.signal?.aborted;
        if (!timedOut) throw e;
        const tag = /^\/\* lakeform-ingest [^\n]*\*\/\n/.exec(sql)?.[0];
        if (tag) await waitTagEnded(trino, tag, { log: o.log, label: o.label, signal: opts.signal });
        throw new StatementTimeoutError(what, o.limits.statementTimeoutMs, progress.queryId);
      }
    },
  };
}
