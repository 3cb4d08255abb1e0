/**
 * Renders a time-range incremental. A table that does not exist yet (or is rebuilt) is created by
 * ONE statement over all the planned intervals, then they are logged at once. An existing table
 * gets, per planned interval, ONE MERGE that replaces the interval's rows (one Iceberg commit)
 * followed by its row in `lakeform.intervals`. Pure: the intervals come from
 * `plannedIntervals` (plan/intervals.ts) over the interval log the run read.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Target } from "../common/target.js";
import type { IncrementalAction, TimeRange } from "../compile/graph.js";
import { INTERVAL_END_PLACEHOLDER, INTERVAL_START_PLACEHOLDER } from "../compile/time-range-config.js";
import type { Dialect } from "./dialect.js";
import { addUnits, plannedIntervals, type IntervalLog, type PlannedInterval } from "./intervals.js";
import type { RenderedStatement, TargetState, WarehouseColumn } from "./render-types.js";
import { diffColumns, isEmptyDiff, writableColumns } from "./schema-change.js";
import { RUN_LOG_SCHEMA } from "./run-log.js";

export const INTERVAL_LOG_TABLE = "intervals";

export function intervalLogTarget(catalog: string): Target {
  return { database: catalog, schema: RUN_LOG_SCHEMA, name: INTERVAL_LOG_TABLE };
}

/** `--start/--end` (ISO, end exclusive) and `--restate`, applied to every selected time-range model. */
export interface TimeRangeRun {
  /** The clock (ISO); intervals starting at or after it are not built. */
  readonly now?: string;
  readonly start?: string;
  readonly end?: string;
  readonly restate?: boolean;
}

export interface TimeRangeInput {
  readonly state: TargetState;
  readonly fullRefresh: boolean;
  readonly log: IntervalLog | undefined;
  /** The query's columns (read when onSchemaChange is not IGNORE), to apply onSchemaChange. */
  readonly sourceColumns?: readonly WarehouseColumn[] | undefined;
  readonly run: TimeRangeRun & { readonly now: string };
  /** Catalog of `lakeform.intervals` (the project's default database). */
  readonly catalog: string;
  readonly locationBase: string;
}

/** The query of one interval: the bounds as typed timestamps where the template has placeholders. */
export function intervalQuery(d: Dialect, query: string, start: string, end: string): string {
  return query.replaceAll(INTERVAL_START_PLACEHOLDER, d.timestampLiteral(start)).replaceAll(INTERVAL_END_PLACEHOLDER, d.timestampLiteral(end));
}

/** A time-range query over every instant a timestamp holds (unit tests of time-range models). */
export function wholeRange(d: Dialect, query: string): string {
  return intervalQuery(d, query, "0001-01-01T00:00:00.000Z", "9999-12-31T00:00:00.000Z");
}

/** The query of the first interval from `begin` (e.g. to read the query's columns). */
export function firstIntervalQuery(d: Dialect, a: { readonly incrementalQuery: string; readonly timeRange: TimeRange }): string {
  const b = Date.parse(a.timeRange.begin);
  return intervalQuery(d, a.incrementalQuery, a.timeRange.begin, new Date(addUnits(b, a.timeRange.batchSize, 1)).toISOString());
}

/** `lakeform.intervals` (and its schema) if missing: run once per plan, before any task. */
export function intervalLogDdl(d: Dialect, catalog: string, locationBase: string): RenderedStatement[] {
  const columns = [
    { name: "model_key", type: "varchar" },
    { name: "event", type: "varchar" },
    { name: "interval_start", type: "timestamp(6) with time zone" },
    { name: "interval_end", type: "timestamp(6) with time zone" },
    { name: "complete", type: "boolean" },
    { name: "logged_at", type: "timestamp(6) with time zone" },
  ];
  return [
    { role: "interval-log", sql: d.createSchema(catalog, RUN_LOG_SCHEMA, `${locationBase.replace(/\/+$/, "")}/${RUN_LOG_SCHEMA}`) },
    { role: "interval-log", sql: d.createTableIfNotExists(intervalLogTarget(catalog), columns, []) },
  ];
}

export interface RenderedTimeRange {
  readonly statements: RenderedStatement[];
  readonly intervals: PlannedInterval[];
  readonly diagnostics: Diagnostic[];
}

export function renderTimeRange(d: Dialect, a: IncrementalAction & { timeRange: TimeRange }, i: TimeRangeInput): RenderedTimeRange {
  const tr = a.timeRange;
  const rebuild = i.fullRefresh && !a.protected;
  const create = !i.state.exists || i.state.kind === "view" || rebuild;
  const diagnostics: Diagnostic[] = [];
  const ranged = i.run.start !== undefined || i.run.end !== undefined;
  if (i.run.restate && a.protected) {
    diagnostics.push({
      severity: "error",
      code: "protected-restatement",
      message: `restatement refused: ${a.key} is protected (its history cannot be rebuilt from sources)`,
      location: a.location,
      hint: "leave it out of the selection, drop --restate (missing intervals are still built), or remove `protected: true`",
    });
  }
  const intervals = plannedIntervals({
    begin: tr.begin,
    batchSize: tr.batchSize,
    lookback: tr.lookback,
    now: i.run.now,
    // A table created now is empty: whatever the log says was built is gone.
    log: create ? { built: [] } : (i.log ?? { built: [] }),
    ...(ranged ? { range: { ...(i.run.start ? { start: i.run.start } : {}), ...(i.run.end ? { end: i.run.end } : {}) } } : {}),
    ...(i.run.restate ? { restate: true } : {}),
  });
  const log = intervalLogTarget(i.catalog);
  const statements: RenderedStatement[] = [];
  const ops = (role: "pre-op" | "post-op", list: readonly string[]) => list.map((sql) => ({ role, sql: d.statement(sql) })).filter((s) => s.sql.length > 0);
  if (create) {
    // A new (or rebuilt) table: ONE statement over every planned interval — one commit, and readers
    // of a rebuilt table never see it empty — then one log INSERT: the reset and every interval.
    if (i.state.exists && i.state.kind === "view") statements.push({ role: "drop-relation", sql: d.dropRelation(a.target, "VIEW") });
    statements.push(...ops("pre-op", a.preOps));
    const first = intervals[0];
    const last = intervals[intervals.length - 1];
    const start = first?.start ?? tr.begin;
    const end = last?.end ?? new Date(addUnits(Date.parse(tr.begin), tr.batchSize, 1)).toISOString();
    const replace = i.state.exists && i.state.kind !== "view";
    statements.push({ role: "create", sql: d.timeRangeCreate({ target: a.target, query: intervalQuery(d, a.incrementalQuery, start, end), iceberg: a.iceberg, comment: a.description, timeColumn: tr.timeColumn, start, end, replace, empty: !first }) });
    const built = intervals.map((iv) => ({ modelKey: a.key, event: "built" as const, start: iv.start, end: iv.end, complete: iv.complete }));
    statements.push({ role: "interval-log", sql: d.intervalLogInsert(log, [{ modelKey: a.key, event: "reset", complete: false }, ...built]) });
    statements.push(...ops("post-op", a.postOps));
    return { statements, intervals, diagnostics };
  }
  let columns = i.state.columns?.map((c) => c.name);
  const alters: RenderedStatement[] = [];
  if (i.sourceColumns?.length && i.state.columns?.length) {
    const diff = diffColumns(i.state.columns, i.sourceColumns);
    if (!isEmptyDiff(diff) && a.onSchemaChange === "FAIL") {
      diagnostics.push({ severity: "error", code: "schema-changed", message: `${a.key}: the query's columns changed and onSchemaChange is FAIL`, location: a.location, hint: 'set onSchemaChange: "EXTEND", or run with --full-refresh' });
      return { statements: [], intervals, diagnostics };
    }
    // EXTEND (and SYNCHRONIZE, which for a time range only adds): new query columns become table columns.
    if (a.onSchemaChange === "EXTEND" || a.onSchemaChange === "SYNCHRONIZE") alters.push(...diff.added.map((c) => ({ role: "schema-change" as const, sql: d.addColumn(a.target, c) })));
    columns = writableColumns(a.onSchemaChange === "SYNCHRONIZE" ? "EXTEND" : a.onSchemaChange, i.state.columns, i.sourceColumns);
  }
  if (!columns?.length) {
    diagnostics.push({ severity: "error", code: "columns-unknown", message: `${a.key}: the interval MERGE needs the table's columns, which could not be read`, location: a.location, hint: "check the table (DESCRIBE), or rebuild it with --full-refresh" });
    return { statements: [], intervals, diagnostics };
  }
  statements.push(...ops("pre-op", a.incrementalPreOps), ...alters);
  for (const iv of intervals) {
    const query = intervalQuery(d, a.incrementalQuery, iv.start, iv.end);
    statements.push({ role: "merge", sql: d.timeRangeMerge({ target: a.target, query, timeColumn: tr.timeColumn, start: iv.start, end: iv.end, columns }), interval: iv.start });
    statements.push({ role: "interval-log", sql: d.intervalLogInsert(log, [{ modelKey: a.key, event: "built", start: iv.start, end: iv.end, complete: iv.complete }]), interval: iv.start });
  }
  statements.push(...ops("post-op", a.incrementalPostOps));
  return { statements, intervals, diagnostics };
}
