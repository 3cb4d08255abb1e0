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
import type { TrinoConnection } from "../../config/connection.js";
import { TrinoCancelledError, TrinoConnectionError, TrinoHttpError, TrinoQueryError, TrinoQueryLostError } from "./errors.js";
import { parseJsonPreservingBigInts, toBigIntColumns } from "./json-bigint.js";
import { quoteString } from "./quote.js";
import type { Cell, Column, QueryOptions, QueryResult, RawResponse, Row } from "./wire.js";

// Importers find the client's vocabulary here too.
export * from "./errors.js";
export type * from "./wire.js";
export type { TrinoConnection } from "../../config/connection.js";


interface RawClient {
  request<T>(cfg: AxiosRequestConfig<unknown>): Promise<T>;
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

/** Values travel as data, never spliced into the statement's text (Trino ≥ 418). */
function withParameters(statement: string, parameters: readonly string[]): string {
  return `EXECUTE IMMEDIATE ${quoteString(statement)} USING ${parameters.map(quoteString).join(", ")}`;
}

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
          throw new TrinoHttpError(status, `${cfg.method ?? "GET"} ${cfg.url}`, e);
        }
        throw e;
      }
    }
  }

  /** Run one statement to completion and return all rows. Throws `TrinoQueryError` on failure. */
  async query(statement: string, opts: QueryOptions = {}): Promise<QueryResult> {
    const sql = opts.parameters?.length ? withParameters(statement, opts.parameters) : statement;
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
