/**
 * The plan task of a time-range model (kept out of plan.ts so the planner only dispatches).
 */
import type { Diagnostic } from "../common/errors.js";
import type { IncrementalAction, TimeRange } from "../compile/graph.js";
import type { ProjectSettings } from "../config/project.js";
import type { Dialect } from "./dialect.js";
import type { WarehouseState } from "./introspection.js";
import type { IntervalLog } from "./intervals.js";
import type { RenderedStatement, WarehouseColumn } from "./render-types.js";
import type { PlannedInterval } from "./intervals.js";
import { renderTimeRange, type TimeRangeRun } from "./time-range.js";

export type { TimeRangeRun } from "./time-range.js";

export interface TimeRangeTaskOptions {
  readonly fullRefresh?: boolean;
  readonly timeRange?: TimeRangeRun;
  readonly sourceColumns?: ReadonlyMap<string, readonly WarehouseColumn[]>;
  readonly intervalLogs?: ReadonlyMap<string, IntervalLog>;
}

export function planTimeRangeTask(
  d: Dialect,
  a: IncrementalAction & { timeRange: TimeRange },
  settings: ProjectSettings,
  state: WarehouseState,
  o: TimeRangeTaskOptions,
): { statements: RenderedStatement[]; intervals: PlannedInterval[]; intervalConcurrency: number; diagnostics: Diagnostic[] } {
  const r = renderTimeRange(d, a, {
    state: state.relations.get(a.key) ?? { exists: false },
    fullRefresh: o.fullRefresh === true,
    log: o.intervalLogs?.get(a.key),
    sourceColumns: o.sourceColumns?.get(a.key),
    run: { ...o.timeRange, now: o.timeRange?.now ?? new Date().toISOString() },
    catalog: settings.defaultDatabase,
    locationBase: settings.locationBase,
  });
  return {
    statements: [...r.statements, { role: "snapshot-id", sql: d.latestSnapshotId(a.target) }],
    intervals: r.intervals,
    intervalConcurrency: a.timeRange.concurrency,
    diagnostics: r.diagnostics,
  };
}
