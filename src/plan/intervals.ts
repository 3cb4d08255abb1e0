/**
 * Which intervals of a time-range model a run builds, derived only from the interval log
 * (`lakeform.intervals`, written after each interval's MERGE committed) and the clock.
 *
 * The grid: intervals start at `begin` and step by `batchSize` (calendar units in UTC), so an
 * interval is named by its start. Each interval is replaced by ONE statement (one commit), then
 * logged; a log row therefore means "this interval's data is the query's rows for it" — a crash
 * between the two leaves a committed interval unlogged, which is rebuilt (same result) later.
 * A row logged `complete: false` was built while the interval was still running (its end after
 * the clock) and counts as missing.
 *
 * Invariant of `plannedIntervals`: the result is sorted by start, has no duplicates, lies on the
 * grid, never starts at or after `now`, and
 * - without a range: = every grid interval from `begin` to `now` not logged complete, plus the
 *   `lookback` newest complete intervals (late data);
 * - with a range: = the grid intervals overlapping [start, end) not logged complete, or all of
 *   them when restating. Nothing outside the range is touched.
 * A reset (full rebuild, table recreated) forgets every interval logged before it.
 */
import type { BatchSize } from "../compile/graph.js";

export interface Interval {
  /** ISO-8601 UTC, inclusive. */
  readonly start: string;
  /** ISO-8601 UTC, exclusive. */
  readonly end: string;
}

export type IntervalReason = "missing" | "incomplete" | "lookback" | "restate";

export interface PlannedInterval extends Interval {
  readonly reason: IntervalReason;
  /** The interval ended before the plan's clock: its log row will say it is complete. */
  readonly complete: boolean;
}

/** One model's rows of the interval log, as the planner reads them. */
export interface LoggedInterval extends Interval {
  readonly complete: boolean;
}

export interface IntervalLog {
  readonly built: readonly LoggedInterval[];
  /** Latest reset (ISO) — informational; the read already dropped rows logged before it. */
  readonly resetAt?: string;
}

export interface IntervalRequest {
  readonly begin: string;
  readonly batchSize: BatchSize;
  readonly lookback: number;
  readonly now: string;
  readonly log: IntervalLog;
  /** `--start`/`--end`: only these intervals (end exclusive). */
  readonly range?: { readonly start?: string; readonly end?: string };
  /** Rebuild intervals of the range even when logged complete. */
  readonly restate?: boolean;
}

/** `from` moved forward by `n` batch units, in UTC calendar arithmetic. */
export function addUnits(from: number, size: BatchSize, n: number): number {
  const d = new Date(from);
  const k = size.count * n;
  switch (size.unit) {
    case "minute":
      return from + k * 60_000;
    case "hour":
      return from + k * 3_600_000;
    case "day":
      return from + k * 86_400_000;
    case "week":
      return from + k * 7 * 86_400_000;
    case "month":
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + k, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
    case "year":
      return Date.UTC(d.getUTCFullYear() + k, d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  }
}

const iso = (t: number): string => new Date(t).toISOString();

/** Grid intervals from `begin` whose start is before `until` (and whose end is after `from`). */
export function gridIntervals(begin: string, size: BatchSize, until: number, from = Number.NEGATIVE_INFINITY): Interval[] {
  const out: Interval[] = [];
  const b = Date.parse(begin);
  // Skip ahead without materialising intervals before `from` (fixed-length units only).
  const fixed = size.unit !== "month" && size.unit !== "year";
  let i = fixed && from > b ? Math.max(0, Math.floor((from - b) / (addUnits(b, size, 1) - b)) - 1) : 0;
  for (; ; i++) {
    const s = addUnits(b, size, i);
    if (s >= until) break;
    const e = addUnits(b, size, i + 1);
    if (e > from) out.push({ start: iso(s), end: iso(e) });
  }
  return out;
}

/** `--end 2026-01-31` (a date) includes that day; a timestamp is exclusive. */
export function rangeEnd(text: string, parsed: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? iso(Date.parse(parsed) + 86_400_000) : parsed;
}

export function plannedIntervals(r: IntervalRequest): PlannedInterval[] {
  const now = Date.parse(r.now);
  const completeStarts = new Set(r.log.built.filter((l) => l.complete).map((l) => `${Date.parse(l.start)}|${Date.parse(l.end)}`));
  const loggedStarts = new Set(r.log.built.map((l) => `${Date.parse(l.start)}|${Date.parse(l.end)}`));
  const keyOf = (i: Interval) => `${Date.parse(i.start)}|${Date.parse(i.end)}`;
  const reasonOf = (i: Interval): IntervalReason | undefined => (completeStarts.has(keyOf(i)) ? undefined : loggedStarts.has(keyOf(i)) ? "incomplete" : "missing");
  const planned = (i: Interval, reason: IntervalReason): PlannedInterval => ({ ...i, reason, complete: Date.parse(i.end) <= now });

  if (r.range) {
    const lo = r.range.start ? Date.parse(r.range.start) : Number.NEGATIVE_INFINITY;
    const hi = Math.min(now, r.range.end ? Date.parse(r.range.end) : Number.POSITIVE_INFINITY);
    return gridIntervals(r.begin, r.batchSize, hi, lo).flatMap((i) => {
      if (r.restate) return [planned(i, "restate")];
      const reason = reasonOf(i);
      return reason ? [planned(i, reason)] : [];
    });
  }
  const all = gridIntervals(r.begin, r.batchSize, now);
  const completeIntervals = all.filter((i) => Date.parse(i.end) <= now);
  const lookback = new Set(completeIntervals.slice(Math.max(0, completeIntervals.length - r.lookback)).map(keyOf));
  return all.flatMap((i) => {
    const reason = reasonOf(i) ?? (lookback.has(keyOf(i)) ? "lookback" : undefined);
    return reason ? [planned(i, reason)] : [];
  });
}

/** Newest reset wins: rows logged before it are dropped (the table was recreated empty). */
export function intervalLogOf(rows: readonly { readonly event: string; readonly start: string | null; readonly end: string | null; readonly complete: boolean; readonly loggedAt: string }[]): IntervalLog {
  const resets = rows.filter((r) => r.event === "reset").map((r) => Date.parse(r.loggedAt));
  const resetAt = resets.length ? Math.max(...resets) : undefined;
  const built = rows
    .filter((r) => r.event === "built" && r.start !== null && r.end !== null && (resetAt === undefined || Date.parse(r.loggedAt) > resetAt))
    .map((r) => ({ start: iso(Date.parse(r.start!)), end: iso(Date.parse(r.end!)), complete: r.complete }));
  return resetAt === undefined ? { built } : { built, resetAt: iso(resetAt) };
}
