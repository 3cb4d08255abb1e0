/**
 * The reads time-range models need before planning: which intervals `lakeform.intervals` says
 * are built, and the query's columns when the table does not exist yet (the interval MERGE lists
 * them). Both statements come from the dialect and are returned for the plan to show.
 */
import { TrinoQueryError, type TrinoClient } from "../adapters/trino/client.js";
import type { Graph, IncrementalAction, TimeRange } from "../compile/graph.js";
import type { Dialect } from "../plan/dialect.js";
import type { WarehouseState } from "../plan/introspection.js";
import type { IntervalLog } from "../plan/intervals.js";
import type { RenderedStatement, WarehouseColumn } from "../plan/render-types.js";
import { firstIntervalQuery, intervalLogTarget } from "../plan/time-range.js";
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

/** Columns of the first interval's query for time-range models whose table is (re)created. */
export async function readTimeRangeColumns(client: TrinoClient, d: Dialect, graph: Graph, state: WarehouseState, keys: ReadonlySet<string>, fullRefresh: boolean, signal?: AbortSignal): Promise<Read<Map<string, WarehouseColumn[]>>> {
  const wanted = timeRangeActions(graph, keys).filter((a) => fullRefresh || state.relations.get(a.key)?.kind !== "table");
  const reads: RenderedStatement[] = wanted.map((a) => ({ role: "source-columns", sql: d.queryColumns(firstIntervalQuery(d, a)) }));
  const out = new Map<string, WarehouseColumn[]>();
  await Promise.all(
    wanted.map(async (a, i) => {
      const r = await client.query(reads[i]!.sql, { signal });
      out.set(a.key, r.columns.map((c) => ({ name: c.name, type: c.type })));
    }),
  );
  return { value: out, reads };
}
