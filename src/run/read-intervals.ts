/**
 * The read time-range models need before planning: which intervals `lakeform.intervals` says
 * are built. The statement comes from the dialect and is returned for the plan to show.
 */
import { TrinoQueryError, type TrinoClient } from "../adapters/trino/client.js";
import type { Graph, IncrementalAction, TimeRange } from "../compile/graph.js";
import type { Dialect } from "../plan/dialect.js";
import type { IntervalLog } from "../plan/intervals.js";
import { intervalLogTarget } from "../plan/time-range.js";
import type { Read } from "./introspect.js";

type TimeRangeAction = IncrementalAction & { timeRange: TimeRange };

export function timeRangeActions(graph: Graph, keys: ReadonlySet<string>): TimeRangeAction[] {
  return graph.actions.filter((a): a is TimeRangeAction => a.kind === "incremental" && a.timeRange !== undefined && keys.has(a.key));
}

// A project that never built a time-range model has no log table (or no `lakeform` schema).
const ABSENT = new Set(["TABLE_NOT_FOUND", "SCHEMA_NOT_FOUND"]);

export async function readIntervalLogs(client: TrinoClient, d: Dialect, graph: Graph, keys: ReadonlySet<string>, signal?: AbortSignal): Promise<Read<Map<string, IntervalLog>>> {
  const models = timeRangeActions(graph, keys);
  const out = new Map<string, IntervalLog>(models.map((a) => [a.key, { built: [] }]));
  if (!models.length) return { value: out, reads: [] };
  const sql = d.intervalLogRead(intervalLogTarget(graph.settings.defaultDatabase), models.map((a) => a.key));
  try {
    const r = await client.query(sql, { signal });
    for (const [key, start, end, complete] of r.rows) {
      const log = out.get(String(key));
      if (log && typeof start === "string" && typeof end === "string") out.set(String(key), { built: [...log.built, { start, end, complete: complete === true }] });
    }
  } catch (e) {
    if (!(e instanceof TrinoQueryError && ABSENT.has(e.errorName))) throw e;
  }
  return { value: out, reads: [{ role: "introspection", sql }] };
}
