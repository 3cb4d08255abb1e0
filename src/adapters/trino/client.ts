/**
 * The one place that talks to Trino over HTTP (the only importer of `trino-client`).
 *
 * trino-client 0.2.9 is used for what it does well (auth, TLS, Trino headers) through its
 * low-level `request()`; the statement protocol loop lives here because the library's
 * iterator (a) JSON-parses bodies, losing BIGINT precision above 2^53, (b) reports query
 * errors as `result.error` and can drop one in the first response, (c) lets `USE`/`SET SESSION`
 * headers leak into later queries on the same client, and (d) has no timeout, cancel or retry.
 *
 * BIGINT values are returned as JS `bigint` (always, for top-level BIGINT columns); inside
 * ARRAY/MAP/ROW values, integers beyond 2^53 become `bigint` and smaller ones stay `number`.
 * DECIMAL values arrive from Trino as strings and stay strings.
 */
import { BasicAuth, Trino } from "trino-client";
import type { AxiosRequestConfig } from "axios";
import { errorMessage, LakeformError } from "../../common/errors.js";
import { parseJsonPreservingBigInts, toBigIntColumns } from "./json-bigint.js";

export interface TrinoConnection {
  /** e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly user: string;
  readonly password?: string | undefined;
  readonly catalog?: string | undefined;
  readonly schema?: string | undefined;
  readonly source?: string | undefined;
  readonly session?: Readonly<Record<string, string>> | undefined;
  /** The server's `query.max-length` (statement characters); Trino's default is 1,000,000. */
  readonly maxQueryLength?: number | undefined;
}

export interface QueryOptions {
  readonly signal?: AbortSignal | undefined;
  /** Cancel the query in Trino and fail after this many ms. */
  readonly timeoutMs?: number | undefined;
  readonly catalog?: string | undefined;
  readonly schema?: string | undefined;
  readonly session?: Readonly<Record<string, string>> | undefined;
  /** Called on every protocol response, e.g. for progress displays. */
  readonly onProgress?: ((p: QueryProgress) => void) | undefined;
}

export type Cell = string | number | boolean | bigint | null | readonly Cell[] | { readonly [k: string]: Cell };
export type Row = readonly Cell[];

export interface Column {
  readonly name: string;
  readonly type: string;
}

export interface QueryStats {
  readonly state: string;
  readonly elapsedTimeMillis: number;
  readonly cpuTimeMillis: number;
  readonly processedRows: number;
  readonly processedBytes: number;
  readonly physicalInputBytes: number;
  readonly peakMemoryBytes: number;
}

export interface QueryProgress {
  readonly queryId: string;
  readonly state: string;
  readonly progressPercentage?: number | undefined;
  readonly rowsSoFar: number;
}

export interface QueryResult {
  readonly queryId: string;
  readonly columns: readonly Column[];
  readonly rows: readonly Row[];
  /** e.g. "INSERT", "MERGE", "CREATE TABLE" — absent for SELECT */
  readonly updateType?: string | undefined;
  /** rows written, for DML */
  readonly updateCount?: number | undefined;
  readonly stats: QueryStats;
  readonly warnings: readonly string[];
}

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

function excerpt(sql: string, line: number | undefined): string {
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

interface RawClient {
  request<T>(cfg: AxiosRequestConfig<unknown>): Promise<T>;
}

interface RawResponse {
  id: string;
  nextUri?: string;
  columns?: Column[];
  data?: unknown[][];
  updateType?: string;
  updateCount?: number;
  warnings?: { message?: string }[] | string[];
  stats?: Partial<QueryStats> & { progressPercentage?: number };
  error?: {
    message: string;
    errorCode: number;
    errorName: string;
    errorType: string;
    errorLocation?: { lineNumber: number; columnNumber: number };
  };
}

const RETRY_STATUSES = new Set([502, 503, 504]);
const MAX_HTTP_RETRIES = 6;

function httpStatus(e: unknown): number | undefined {
  const r = (e as { response?: { status?: unknown } }).response;
  return typeof r?.status === "number" ? r.status : undefined;
}

function isConnectionFailure(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return (
    typeof code === "string" &&
    ["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT", "EAI_AGAIN"].includes(code)
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class TrinoClient {
  readonly connection: TrinoConnection;
  constructor(connection: TrinoConnection) {
    this.connection = connection;
  }

  /**
   * A fresh trino-client per statement: its `request()` rewrites its default headers from
   * `X-Trino-Set-*` responses, so sharing one would leak `USE`/`SET SESSION` across queries.
   */
  private raw(opts: QueryOptions): RawClient {
    const c = this.connection;
    const session = { ...(c.session ?? {}), ...(opts.session ?? {}) };
    const trino = Trino.create({
      server: c.url,
      source: c.source ?? "lakeform",
      catalog: opts.catalog ?? c.catalog,
      schema: opts.schema ?? c.schema,
      auth: new BasicAuth(c.user, c.password),
      session,
    });
    // `client` is private in the typings; it is the documented low-level request API.
    return (trino as unknown as { client: RawClient }).client;
  }

  private async send(raw: RawClient, cfg: AxiosRequestConfig<unknown>, signal: AbortSignal): Promise<RawResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        const text = await raw.request<string>({
          ...cfg,
          signal,
          responseType: "text",
          transformResponse: [(d: unknown) => d],
        });
        return parseJsonPreservingBigInts(text) as RawResponse;
      } catch (e) {
        if (signal.aborted) throw e;
        const status = httpStatus(e);
        if (status !== undefined && RETRY_STATUSES.has(status) && attempt < MAX_HTTP_RETRIES) {
          await sleep(Math.min(5000, 100 * 2 ** attempt));
          continue;
        }
        if (isConnectionFailure(e)) throw new TrinoConnectionError(this.connection.url, e);
        if (status !== undefined) {
          throw new LakeformError("warehouse", `Trino answered HTTP ${status} for ${cfg.method ?? "GET"} ${cfg.url}`, {
            cause: e,
          });
        }
        throw e;
      }
    }
  }

  /** Run one statement to completion and return all rows. Throws `TrinoQueryError` on failure. */
  async query(sql: string, opts: QueryOptions = {}): Promise<QueryResult> {
    const raw = this.raw(opts);
    const controller = new AbortController();
    const onAbort = () => controller.abort(opts.signal?.reason);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    const timer =
      opts.timeoutMs !== undefined ? setTimeout(() => controller.abort(new Error(`timeout after ${opts.timeoutMs} ms`)), opts.timeoutMs) : undefined;
    let queryId: string | undefined;
    let nextUri: string | undefined;
    try {
      if (opts.signal?.aborted) throw new TrinoCancelledError(undefined, String(opts.signal.reason ?? "aborted"));
      let res = await this.send(raw, { method: "POST", url: "/v1/statement", data: sql }, controller.signal);
      let columns: Column[] = [];
      const rows: unknown[][] = [];
      const warnings: string[] = [];
      for (;;) {
        queryId = res.id;
        nextUri = res.nextUri;
        // An error can arrive in any response, including the first one.
        if (res.error) {
          throw new TrinoQueryError({
            queryId: res.id,
            message: res.error.message,
            errorName: res.error.errorName,
            errorType: res.error.errorType,
            errorCode: res.error.errorCode,
            sql,
            line: res.error.errorLocation?.lineNumber,
            column: res.error.errorLocation?.columnNumber,
          });
        }
        if (res.columns && columns.length === 0) columns = res.columns;
        if (res.data) rows.push(...res.data);
        for (const w of res.warnings ?? []) warnings.push(typeof w === "string" ? w : (w.message ?? JSON.stringify(w)));
        opts.onProgress?.({
          queryId: res.id,
          state: res.stats?.state ?? "UNKNOWN",
          progressPercentage: res.stats?.progressPercentage,
          rowsSoFar: rows.length,
        });
        if (!res.nextUri) {
          const s = res.stats ?? {};
          return {
            queryId: res.id,
            columns,
            rows: toBigIntColumns(columns, rows) as Row[],
            updateType: res.updateType,
            updateCount: res.updateCount === undefined ? undefined : Number(res.updateCount),
            warnings,
            stats: {
              state: s.state ?? "FINISHED",
              elapsedTimeMillis: Number(s.elapsedTimeMillis ?? 0),
              cpuTimeMillis: Number(s.cpuTimeMillis ?? 0),
              processedRows: Number(s.processedRows ?? 0),
              processedBytes: Number(s.processedBytes ?? 0),
              physicalInputBytes: Number(s.physicalInputBytes ?? 0),
              peakMemoryBytes: Number(s.peakMemoryBytes ?? 0),
            },
          };
        }
        res = await this.send(raw, { method: "GET", url: res.nextUri }, controller.signal);
      }
    } catch (e) {
      if (controller.signal.aborted) {
        if (nextUri) await this.cancelQuietly(raw, nextUri);
        throw new TrinoCancelledError(queryId, String(controller.signal.reason ?? "aborted"));
      }
      if (queryId !== undefined && !(e instanceof TrinoQueryError)) throw new TrinoQueryLostError(this.connection.url, queryId, e);
      throw e;
    } finally {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Convenience: rows as objects keyed by column name. */
  async queryObjects<T extends Record<string, Cell> = Record<string, Cell>>(sql: string, opts: QueryOptions = {}): Promise<T[]> {
    const r = await this.query(sql, opts);
    return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i] ?? null])) as T);
  }

  private async cancelQuietly(raw: RawClient, nextUri: string): Promise<void> {
    try {
      await raw.request({ method: "DELETE", url: nextUri, timeout: 5000 });
    } catch {
      // Best effort: the query may already be finished; Trino also abandons queries whose client stops polling.
    }
  }

  /** GET /v1/info; undefined when Trino is not reachable. */
  async info(): Promise<{ starting: boolean; nodeVersion?: { version: string } } | undefined> {
    const ctrl = new AbortController();
    const t = setTimeout(() => ctrl.abort(), 3000);
    try {
      const text = await this.raw({}).request<string>({
        method: "GET",
        url: "/v1/info",
        signal: ctrl.signal,
        responseType: "text",
        transformResponse: [(d: unknown) => d],
      });
      return JSON.parse(text) as { starting: boolean; nodeVersion?: { version: string } };
    } catch {
      return undefined;
    } finally {
      clearTimeout(t);
    }
  }
}
