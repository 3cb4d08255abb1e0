/**
 * What can go wrong talking to Trino, as typed errors: a failed query (with Trino's error name),
 * an HTTP status, an unreachable server, a cancel. Retry decisions read these fields, never the
 * message text.
 */
import { errorMessage, LakeformError } from "../../common/errors.js";

export class TrinoQueryError extends LakeformError {
  readonly queryId: string;
  readonly errorName: string;
  readonly errorType: string;
  readonly errorCode: number;
  readonly sqlExcerpt: string;
  readonly sqlLine: number | undefined;
  readonly sqlColumn: number | undefined;
  constructor(args: {
    queryId: string;
    message: string;
    errorName: string;
    errorType: string;
    errorCode: number;
    sql: string;
    line?: number | undefined;
    column?: number | undefined;
  }) {
    super("warehouse", `${args.message} (query ${args.queryId}, ${args.errorName})`, {
      hint: `failing statement: ${excerpt(args.sql, args.line)}`,
    });
    this.name = "TrinoQueryError";
    this.queryId = args.queryId;
    this.errorName = args.errorName;
    this.errorType = args.errorType;
    this.errorCode = args.errorCode;
    this.sqlExcerpt = excerpt(args.sql, args.line);
    this.sqlLine = args.line;
    this.sqlColumn = args.column;
  }
}

export class TrinoConnectionError extends LakeformError {
  constructor(url: string, cause: unknown) {
    super("connection", `cannot reach Trino at ${url} — run \`lakeform stack up\``, { cause });
    this.name = "TrinoConnectionError";
  }
}

/**
 * Trino (or the network to it) went away after it had accepted a statement: the query id is
 * known and is the only handle on what happened (the statement may still run, or have
 * committed), so it is always in the message.
 */
export class TrinoQueryLostError extends LakeformError {
  readonly queryId: string;
  constructor(url: string, queryId: string, cause: unknown) {
    const why = cause instanceof TrinoConnectionError ? "connection refused or reset" : errorMessage(cause);
    super("connection", `lost Trino at ${url} during query ${queryId} (${why}); the statement may have finished or still be running`, {
      hint: `once Trino is back: lakeform sql "SELECT state, error_code FROM system.runtime.queries WHERE query_id = '${queryId}'"`,
      cause,
    });
    this.name = "TrinoQueryLostError";
    this.queryId = queryId;
  }
}

export class TrinoCancelledError extends LakeformError {
  readonly queryId: string | undefined;
  constructor(queryId: string | undefined, reason: string) {
    super("warehouse", `query ${queryId ?? "(not started)"} cancelled: ${reason}`);
    this.name = "TrinoCancelledError";
    this.queryId = queryId;
  }
}

/** Error names Trino/Iceberg report for conditions that succeed when retried. */
export const TRANSIENT_ERROR_NAMES: ReadonlySet<string> = new Set([
  // "Failed to commit Iceberg update to table ...: Commit failed / CommitFailedException"
  "ICEBERG_COMMIT_ERROR",
  "SERVER_STARTING_UP",
  "NO_NODES_AVAILABLE",
  "REMOTE_TASK_ERROR",
  "PAGE_TRANSPORT_TIMEOUT",
]);

export function isTransient(e: unknown): boolean {
  return e instanceof TrinoQueryError && TRANSIENT_ERROR_NAMES.has(e.errorName);
}

export function excerpt(sql: string, line: number | undefined): string {
  const lines = sql.split("\n");
  if (line !== undefined && line >= 1 && line <= lines.length) {
    const from = Math.max(0, line - 2);
    return lines
      .slice(from, line + 1)
      .map((l, i) => `${from + i + 1 === line ? ">" : " "} ${from + i + 1} | ${l}`)
      .join("\n");
  }
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

/** Trino answered with an HTTP error status (after the client's own retries of 502/503/504). */
export class TrinoHttpError extends LakeformError {
  readonly status: number;
  constructor(status: number, what: string, cause: unknown) {
    super("warehouse", `Trino answered HTTP ${status} for ${what}`, { cause });
    this.name = "TrinoHttpError";
    this.status = status;
  }
}

/** 5xx: the server (or a proxy before it) failed; the same request may succeed later. */
export function isServerError(e: unknown): boolean {
  return e instanceof TrinoHttpError && e.status >= 500 && e.status <= 599;
}
