/** `--start/--end/--restate` → the plan's time-range run options (bad dates are usage errors). */
import { LakeformError } from "../common/errors.js";
import { parseInstant } from "../compile/time-range-config.js";
import { rangeEnd } from "../plan/intervals.js";
import type { TimeRangeRun } from "../plan/time-range.js";

export interface TimeRangeFlags {
  readonly start?: string;
  readonly end?: string;
  readonly restate?: boolean;
}

function instant(flag: string, v: string): string {
  const t = parseInstant(v);
  if (!t) throw new LakeformError("usage", `${flag} "${v}" is not a date or timestamp`, { hint: `e.g. ${flag} 2026-01-01 or ${flag} 2026-01-01T06:00:00Z` });
  return t;
}

export function timeRangeRunOf(f: TimeRangeFlags): { timeRange?: TimeRangeRun } {
  if (f.start === undefined && f.end === undefined && !f.restate) return {};
  if (f.restate && f.start === undefined && f.end === undefined) throw new LakeformError("usage", "--restate needs --start and/or --end (which intervals to rebuild)", { hint: "e.g. --start 2026-01-04 --end 2026-01-05 --restate; --full-refresh rebuilds everything" });
  const start = f.start === undefined ? undefined : instant("--start", f.start);
  const end = f.end === undefined ? undefined : rangeEnd(f.end, instant("--end", f.end));
  if (start && end && Date.parse(end) <= Date.parse(start)) throw new LakeformError("usage", `--end ${f.end} is not after --start ${f.start}`);
  return { timeRange: { ...(start ? { start } : {}), ...(end ? { end } : {}), ...(f.restate ? { restate: true } : {}) } };
}
