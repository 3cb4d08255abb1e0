import { describe, expect, it } from "vitest";
import { addUnits, gridIntervals, plannedIntervals, rangeEnd, type IntervalRequest, type LoggedInterval } from "../../../src/plan/intervals.js";
import { parseBatchSize, parseInstant } from "../../../src/compile/time-range-config.js";

const DAY = { count: 1, unit: "day" } as const;
const d = (n: number) => `2026-01-${String(n).padStart(2, "0")}T00:00:00.000Z`;
const built = (from: number, to: number, complete = true): LoggedInterval[] => Array.from({ length: to - from + 1 }, (_, i) => ({ start: d(from + i), end: d(from + i + 1), complete }));
const req = (over: Partial<IntervalRequest>): IntervalRequest => ({ begin: d(1), batchSize: DAY, lookback: 0, now: "2026-01-10T12:00:00.000Z", log: { built: [] }, ...over });
const starts = (r: IntervalRequest) => plannedIntervals(r).map((i) => `${i.start.slice(8, 10)}:${i.reason}`);

/** The invariant of plannedIntervals (src/plan/intervals.ts), checked on every case below. */
function checkInvariant(r: IntervalRequest): void {
  const out = plannedIntervals(r);
  const now = Date.parse(r.now);
  for (let i = 0; i < out.length; i++) {
    const x = out[i]!;
    expect(Date.parse(x.start)).toBeLessThan(now);
    expect(x.complete).toBe(Date.parse(x.end) <= now);
    if (i > 0) expect(Date.parse(x.start)).toBeGreaterThanOrEqual(Date.parse(out[i - 1]!.end)); // sorted, disjoint
  }
  const grid = new Set(gridIntervals(r.begin, r.batchSize, now).map((g) => g.start));
  expect(out.every((x) => grid.has(x.start))).toBe(true);
  const done = new Set(r.log.built.filter((b) => b.complete).map((b) => b.start));
  if (r.range) {
    const lo = r.range.start ? Date.parse(r.range.start) : -Infinity;
    const hi = r.range.end ? Date.parse(r.range.end) : Infinity;
    expect(out.every((x) => Date.parse(x.end) > lo && Date.parse(x.start) < hi)).toBe(true);
    if (!r.restate) expect(out.some((x) => done.has(x.start))).toBe(false);
  } else {
    // every grid interval not logged complete is planned
    for (const g of grid) if (!done.has(g)) expect(out.some((x) => x.start === g)).toBe(true);
  }
}

describe("interval planning", () => {
  it("first run: every interval from begin to now, the running one marked incomplete", () => {
    const r = req({});
    expect(starts(r)).toEqual(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"].map((x) => `${x}:missing`));
    expect(plannedIntervals(r).at(-1)?.complete).toBe(false);
    checkInvariant(r);
  });

  it("next run: the lookback's complete intervals and the incomplete one, nothing older", () => {
    const r = req({ lookback: 3, log: { built: [...built(1, 9), ...built(10, 10, false)] } });
    expect(starts(r)).toEqual(["07:lookback", "08:lookback", "09:lookback", "10:incomplete"]);
    checkInvariant(r);
  });

  it("a gap in the log is filled, wherever it is", () => {
    const r = req({ lookback: 1, log: { built: [...built(1, 2), ...built(4, 9)] } });
    expect(starts(r)).toEqual(["03:missing", "09:lookback", "10:missing"]);
    checkInvariant(r);
  });

  it("--start/--end builds only the missing intervals of the range, and a rerun nothing", () => {
    const range = { start: d(1), end: rangeEnd("2026-01-31", parseInstant("2026-01-31")!) };
    const first = req({ now: "2026-02-15T00:00:00.000Z", range, lookback: 3 });
    expect(plannedIntervals(first)).toHaveLength(31);
    checkInvariant(first);
    const again = req({ now: "2026-02-15T00:00:00.000Z", range, lookback: 3, log: { built: plannedIntervals(first).map((i) => ({ start: i.start, end: i.end, complete: i.complete })) } });
    expect(plannedIntervals(again)).toEqual([]);
    checkInvariant(again);
  });

  it("--restate rebuilds exactly the range, built or not", () => {
    const r = req({ range: { start: d(4), end: d(6) }, restate: true, log: { built: built(1, 9) } });
    expect(starts(r)).toEqual(["04:restate", "05:restate"]);
    checkInvariant(r);
  });

  it("never plans an interval starting at or after now, even inside the range", () => {
    const r = req({ now: "2026-01-03T00:00:00.000Z", range: { start: d(1), end: d(20) } });
    expect(starts(r)).toEqual(["01:missing", "02:missing"]);
    checkInvariant(r);
  });

  it("a range before begin plans nothing", () => {
    expect(plannedIntervals(req({ begin: d(5), range: { start: d(1), end: d(3) } }))).toEqual([]);
  });

  it("months and hours step in UTC calendar units", () => {
    const months = gridIntervals("2026-01-31T00:00:00.000Z", { count: 1, unit: "month" }, Date.parse("2026-04-01T00:00:00Z"));
    expect(months.map((m) => m.start.slice(0, 10))).toEqual(["2026-01-31", "2026-03-03", "2026-03-31"].slice(0, months.length));
    expect(addUnits(Date.parse(d(1)), { count: 6, unit: "hour" }, 2)).toBe(Date.parse("2026-01-01T12:00:00Z"));
    const r = req({ batchSize: { count: 6, unit: "hour" }, now: "2026-01-01T13:00:00.000Z" });
    expect(plannedIntervals(r).map((i) => i.start.slice(11, 13))).toEqual(["00", "06", "12"]);
    checkInvariant(r);
  });

  it("a range far from begin does not walk the grid from begin one by one", () => {
    const r = req({ begin: "2000-01-01T00:00:00.000Z", batchSize: { count: 1, unit: "minute" }, now: d(10), range: { start: d(9), end: "2026-01-09T00:05:00.000Z" } });
    expect(plannedIntervals(r)).toHaveLength(5);
  });

  it("parses batch sizes and instants, rejects the rest", () => {
    expect(parseBatchSize("1 day")).toEqual({ count: 1, unit: "day" });
    expect(parseBatchSize("6 hours")).toEqual({ count: 6, unit: "hour" });
    expect(parseBatchSize("week")).toEqual({ count: 1, unit: "week" });
    expect(parseBatchSize("0 days")).toBeUndefined();
    expect(parseBatchSize("1 fortnight")).toBeUndefined();
    expect(parseInstant("2026-01-01")).toBe(d(1));
    expect(parseInstant("2026-01-01T06:00:00+03:00")).toBe("2026-01-01T03:00:00.000Z");
    expect(parseInstant("yesterday")).toBeUndefined();
    expect(rangeEnd("2026-01-05T10:00:00Z", "2026-01-05T10:00:00.000Z")).toBe("2026-01-05T10:00:00.000Z");
  });
});
