/** `lakeform plan`'s lines about a time-range task's intervals (before its statements). */
import type { PlanTask } from "../plan/plan.js";

export function intervalLines(t: PlanTask): string[] {
  if (!t.intervals) return [];
  if (!t.intervals.length) return ["-- intervals: none to build (all built; no lookback due)"];
  const counts = new Map<string, number>();
  for (const i of t.intervals) counts.set(i.reason, (counts.get(i.reason) ?? 0) + 1);
  const first = t.intervals[0]!;
  const last = t.intervals[t.intervals.length - 1]!;
  return [
    `-- intervals: ${t.intervals.length} (${[...counts].map(([r, n]) => `${n} ${r}`).join(", ")}), ${first.start} → ${last.end}, ${t.intervalConcurrency ?? 1} at a time`,
    ...t.intervals.map((i) => `--   [${i.start}, ${i.end}) ${i.reason}${i.complete ? "" : " (still running: rebuilt next run)"}`),
  ];
}
