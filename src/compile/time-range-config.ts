/**
 * Time-range incrementals (`timeColumn` + `batchSize`): the config's typed form and the
 * placeholders `incrementalStart()` / `incrementalEnd()` put in the query. The query is compiled
 * once, as a template; the plan substitutes each interval's bounds (typed timestamps the dialect
 * quotes), so the graph stays plain data and the SQL of every interval is final in the plan.
 */
import type { Diagnostic, SourceLocation } from "../common/errors.js";

export type BatchUnit = "minute" | "hour" | "day" | "week" | "month" | "year";

export interface BatchSize {
  readonly count: number;
  readonly unit: BatchUnit;
}

export interface TimeRange {
  /** Column of the model's output the intervals partition (a timestamp or date). */
  readonly timeColumn: string;
  readonly batchSize: BatchSize;
  /** Complete intervals before the newest that every scheduled run re-processes (late data). */
  readonly lookback: number;
  /** First instant built, ISO-8601 UTC (`2026-01-01T00:00:00.000Z`). */
  readonly begin: string;
  /** Intervals of this model replaced at the same time (each one MERGE, one commit). */
  readonly concurrency: number;
}

/** What the query text holds where the user wrote `${incrementalStart()}` / `${incrementalEnd()}`. */
export const INTERVAL_START_PLACEHOLDER = "__lakeform_incremental_start__";
export const INTERVAL_END_PLACEHOLDER = "__lakeform_incremental_end__";

const UNITS: readonly BatchUnit[] = ["minute", "hour", "day", "week", "month", "year"];
const BATCH = /^\s*(\d+)?\s*([a-z]+?)s?\s*$/i;

export function parseBatchSize(text: string): BatchSize | undefined {
  const m = BATCH.exec(text);
  if (!m) return undefined;
  const unit = m[2]?.toLowerCase() as BatchUnit;
  const count = m[1] === undefined ? 1 : Number(m[1]);
  if (!UNITS.includes(unit) || !Number.isInteger(count) || count < 1) return undefined;
  return { count, unit };
}

/** `2026-01-01`, `2026-01-01T06:00:00Z` (a date or a UTC/offset timestamp) → ISO UTC; else undefined. */
export function parseInstant(text: string): string | undefined {
  const s = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return undefined;
  const withZone = s.length === 10 ? `${s}T00:00:00Z` : /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s.replace(" ", "T") : `${s.replace(" ", "T")}Z`;
  const t = Date.parse(withZone);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export interface TimeRangeInput {
  readonly timeColumn?: string | undefined;
  readonly batchSize?: string | undefined;
  readonly lookback?: number | undefined;
  readonly begin?: string | undefined;
  readonly batchConcurrency?: number | undefined;
  readonly uniqueKey?: string | readonly string[] | undefined;
  readonly incrementalStrategy?: string | undefined;
}

const TIME_RANGE_KEYS = ["timeColumn", "batchSize", "lookback", "begin", "batchConcurrency"] as const;

/** The typed time range, or undefined for a key-based incremental; mistakes become diagnostics. */
export function timeRangeOf(c: TimeRangeInput, location: SourceLocation, name: string, diagnostics: Diagnostic[]): TimeRange | undefined {
  const given = TIME_RANGE_KEYS.filter((k) => c[k] !== undefined);
  if (!given.length) return undefined;
  const bad = (message: string, hint: string): undefined => void diagnostics.push({ severity: "error", code: "invalid-time-range", message: `${name}: ${message}`, location, hint });
  if (!c.timeColumn || !c.batchSize || !c.begin) {
    const missing = (["timeColumn", "batchSize", "begin"] as const).filter((k) => !c[k]);
    return bad(`a time-range incremental needs ${missing.join(", ")} (it sets ${given.join(", ")})`, 'e.g. timeColumn: "event_ts", batchSize: "1 day", begin: "2026-01-01", lookback: 2');
  }
  const batchSize = parseBatchSize(c.batchSize);
  if (!batchSize) return bad(`batchSize "${c.batchSize}" is not a duration`, `write "<n> <unit>", unit one of ${UNITS.join(", ")} (e.g. "1 day", "6 hours")`);
  const begin = parseInstant(c.begin);
  if (!begin) return bad(`begin "${c.begin}" is not a date or timestamp`, 'write "2026-01-01" or "2026-01-01T06:00:00Z"');
  const lookback = c.lookback ?? 0;
  if (!Number.isInteger(lookback) || lookback < 0) return bad(`lookback ${lookback} is not a whole number of batches`, "lookback counts batches, e.g. 3");
  const concurrency = c.batchConcurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) return bad(`batchConcurrency ${concurrency} must be a whole number ≥ 1`, "e.g. batchConcurrency: 4");
  const keys = c.uniqueKey === undefined ? [] : typeof c.uniqueKey === "string" ? [c.uniqueKey] : c.uniqueKey;
  if (keys.length) return bad("uniqueKey and timeColumn exclude each other: a time-range model replaces whole intervals", "remove uniqueKey (each interval is replaced as a whole) or the time-range keys");
  if (c.incrementalStrategy !== undefined) {
    return bad(`incrementalStrategy "${c.incrementalStrategy}" does not apply to a time-range model: each interval is replaced whole by one MERGE`, "remove incrementalStrategy, or the time-range keys for a key-based strategy");
  }
  return { timeColumn: c.timeColumn, batchSize, lookback, begin, concurrency };
}

/** Whether a query (or operation) uses `incrementalStart()` / `incrementalEnd()`. */
export function usesIntervalBounds(sql: string): boolean {
  return sql.includes(INTERVAL_START_PLACEHOLDER) || sql.includes(INTERVAL_END_PLACEHOLDER);
}
