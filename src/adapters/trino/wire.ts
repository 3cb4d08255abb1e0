/** The shapes of Trino's client protocol as Lakeform exposes them: options in, results out. */

export interface QueryOptions {
  readonly signal?: AbortSignal | undefined;
  /** Cancel the query in Trino and fail after this many ms. */
  readonly timeoutMs?: number | undefined;
  readonly catalog?: string | undefined;
  readonly schema?: string | undefined;
  readonly session?: Readonly<Record<string, string>> | undefined;
  /** Called on every protocol response, e.g. for progress displays. */
  readonly onProgress?: ((p: QueryProgress) => void) | undefined;
  /** Values for the statement's `?` placeholders, bound as varchar (`EXECUTE IMMEDIATE … USING`). */
  readonly parameters?: readonly string[] | undefined;
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

/** One response of `POST /v1/statement` and its `nextUri`s (as Trino sends it). */
export interface RawResponse {
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

