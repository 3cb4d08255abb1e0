/**
 * Every statement shape × option Lakeform renders, as (action, warehouse state, options) cases
 * over the golden fixture project. Each case's SQL is compared with `tests/golden/<name>.sql`.
 */

import type { IntervalLog } from "../../../src/plan/intervals.js";
import type { RenderOptions, TargetState } from "../../../src/plan/render.js";
import { catalogCapabilities } from "../../../src/adapters/trino/capabilities.js";
import type { TimeRangeRun } from "../../../src/plan/time-range.js";

export interface GoldenCase {
  readonly name: string;
  /** Action key in the golden project, or a special renderer. */
  readonly key: string;
  readonly state?: TargetState;
  readonly options?: RenderOptions;
  /**
   * `plan`: the statements `buildPlan` gives the action's task with `--store-failures` (its
   * follow-up reads); `introspection` / `run-log`: the plan's reads and run-log statements.
   */
  readonly special?: "schemas" | "maintenance" | "maintenance-orphans" | "plan" | "introspection" | "run-log" | "seed-hash-read" | "seed-batched" | "time-range" | "table-diff" | "column-comments";
  /** Another fixture project than the golden one (tests/fixtures/<project>). */
  readonly project?: "serving-project";
  /** `time-range`: the run's clock and range, and what `lakeform.intervals` holds. */
  readonly timeRange?: { readonly run: TimeRangeRun; readonly log?: IntervalLog };
}

/** A table in a PostgreSQL catalog ("serve", the stack's `serving` on Trino): staged, then swapped in. */
const served = "serve.gold.loans_by_region";
const servedColumns = [
  { name: "region", type: "varchar" },
  { name: "loans", type: "bigint" },
  { name: "last_issued", type: "timestamp(9) with time zone" },
];
const onPostgresql: RenderOptions = { catalog: catalogCapabilities.postgresql, sourceColumns: servedColumns };

const loans = "lake.silver.loans";

/**
 * The golden project's columns with their types. The integration tier executes every golden file
 * on Trino over fixture tables of exactly these types, so the states below must be ones a real
 * warehouse could be in.
 */
export const COLUMN_TYPES: Readonly<Record<string, string>> = {
  loan_id: "bigint",
  farmer_id: "bigint",
  name: "varchar",
  region: "varchar",
  amount: "decimal(14,2)",
  issued_at: "timestamp(6) with time zone",
  balance: "decimal(14,2)",
  updated_at: "timestamp(6)",
  status_date: "date",
  status: "varchar",
  first_seen_at: "timestamp(6)",
  event_id: "bigint",
  ts: "timestamp(6)",
  exposure: "decimal(38,2)",
  snapshot_id: "varchar",
  valid_from: "timestamp(6) with time zone",
  valid_to: "timestamp(6) with time zone",
  is_current: "boolean",
};
const cols = (...names: string[]) => names.map((name) => ({ name, type: COLUMN_TYPES[name] ?? "varchar" }));
const loanCols = cols("loan_id", "farmer_id", "region", "amount", "issued_at");
const statusCols = cols("loan_id", "status_date", "status", "first_seen_at", "updated_at");

const daily = "lake.silver.loan_events_daily";
const dailyCols = cols("event_id", "loan_id", "ts");
const day = (d: number) => ({ start: `2026-01-0${d}T00:00:00.000Z`, end: `2026-01-0${d + 1}T00:00:00.000Z`, complete: true });

export const goldenCases: readonly GoldenCase[] = [
  { name: "create-schemas", key: "", special: "schemas" },
  { name: "table-partitioned", key: "lake.silver.farmers" },
  { name: "table-replaces-view", key: "lake.silver.farmers", state: { exists: true, kind: "view" } },
  { name: "table-quoted-names", key: 'lake.select.odd"name' },
  { name: "view", key: "lake.gold.exposure_by_region" },
  { name: "view-replaces-table", key: "lake.gold.exposure_by_region", state: { exists: true, kind: "table" } },
  { name: "incremental-first-build", key: loans },
  { name: "incremental-full-refresh", key: loans, state: { exists: true, kind: "table", columns: loanCols }, options: { fullRefresh: true } },
  { name: "incremental-merge-pruned", key: loans, state: { exists: true, kind: "table", columns: loanCols } },
  {
    name: "incremental-merge-extend",
    key: loans,
    // The table predates issued_at; the query has it.
    state: { exists: true, kind: "table", columns: loanCols.filter((c) => c.name !== "issued_at") },
    options: { sourceColumns: loanCols },
  },
  {
    name: "incremental-merge-update-columns",
    key: "lake.silver.loan_status",
    state: { exists: true, kind: "table", columns: statusCols },
  },
  {
    name: "incremental-protected-full-refresh",
    key: "lake.silver.loan_status",
    state: { exists: true, kind: "table", columns: statusCols },
    options: { fullRefresh: true },
  },
  {
    name: "incremental-schema-change-fail",
    key: "lake.silver.loan_status",
    state: { exists: true, kind: "table", columns: cols("loan_id", "status_date", "status") },
    options: { sourceColumns: cols("loan_id", "status_date", "status", "first_seen_at") },
  },
  {
    name: "incremental-merge-change-columns",
    key: "lake.silver.loan_balances",
    state: { exists: true, kind: "table", columns: cols("loan_id", "balance", "updated_at") },
  },
  {
    name: "incremental-merge-no-change-guard",
    key: "lake.silver.loan_latest",
    state: { exists: true, kind: "table", columns: cols("loan_id", "balance", "updated_at") },
  },
  {
    name: "incremental-merge-change-column-unknown",
    key: "lake.silver.loan_balances",
    state: { exists: true, kind: "table", columns: cols("loan_id", "balance") },
  },
  { name: "incremental-merge-key-only", key: "lake.silver.loan_keys", state: { exists: true, kind: "table", columns: cols("loan_id") } },
  { name: "incremental-merge-columns-unknown", key: "lake.silver.loan_keys", state: { exists: true, kind: "table" } },
  { name: "incremental-append", key: "lake.silver.loan_events", state: { exists: true, kind: "table", columns: cols("event_id", "loan_id", "ts") } },
  { name: "incremental-append-no-columns", key: "lake.silver.loan_events", state: { exists: true, kind: "table", columns: [] } },
  {
    name: "incremental-append-synchronize",
    key: "lake.silver.loan_events",
    state: { exists: true, kind: "table", columns: [{ name: "event_id", type: "integer" }, { name: "loan_id", type: "bigint" }, { name: "legacy", type: "varchar" }] },
    options: { sourceColumns: cols("event_id", "loan_id", "ts") },
  },
  { name: "incremental-delete-insert", key: "lake.silver.loan_events_replaced", state: { exists: true, kind: "table", columns: cols("event_id", "loan_id", "ts") } },
  { name: "incremental-insert-overwrite", key: "lake.silver.loan_days", state: { exists: true, kind: "table", columns: cols("loan_id", "region", "amount", "issued_at") } },
  { name: "snapshot-first-build", key: "lake.silver.loan_history" },
  {
    name: "snapshot-timestamp-merge",
    key: "lake.silver.loan_history",
    state: { exists: true, kind: "table", columns: cols("loan_id", "region", "amount", "ts", "snapshot_id", "valid_from", "valid_to", "is_current") },
  },
  {
    name: "snapshot-check-merge",
    key: "lake.silver.farmer_history",
    state: { exists: true, kind: "table", columns: cols("farmer_id", "name", "region", "snapshot_id", "valid_from", "valid_to", "is_current") },
  },
  { name: "operations", key: "lake.silver.refresh_stats" },
  { name: "assertion-manual", key: "lake.quality.no_negative_exposure" },
  { name: "assertion-unique-key", key: "lake.quality.silver_loans_assertions_uniqueKey_0" },
  { name: "assertion-row-conditions", key: "lake.quality.silver_loans_assertions_rowConditions" },
  { name: "assertion-accepted-values", key: "lake.quality.silver_loans_assertions_acceptedValues" },
  { name: "assertion-relationships", key: "lake.quality.silver_loans_assertions_relationships" },
  { name: "unit-test", key: "test:exposure_test" },
  { name: "maintenance", key: loans, special: "maintenance" },
  { name: "maintenance-orphans", key: "lake.silver.farmers", special: "maintenance-orphans" },
  { name: "table-diff", key: "lake.silver.farmers", special: "table-diff" },
  { name: "plan-table-snapshot-id", key: "lake.silver.farmers", special: "plan" },
  { name: "plan-assertion-sample-store-failures", key: "lake.quality.no_negative_exposure", special: "plan" },
  { name: "introspection", key: "lake", special: "introspection" },
  { name: "run-log", key: "lake", special: "run-log" },
  { name: "seed-first-build", key: "lake.silver.regions" },
  { name: "seed-replaces-view", key: "lake.silver.regions", state: { exists: true, kind: "view" } },
  // A statement limit that fits one row: CREATE with the first, one INSERT per other row, the hash last.
  { name: "seed-batched", key: "lake.silver.regions", special: "seed-batched" },
  { name: "seed-hash-read", key: "lake.silver.regions", state: { exists: true, kind: "table" }, special: "seed-hash-read" },
  // The stored comments of a catalog's tables, then one column's description persisted.
  { name: "column-comments", key: "lake.silver.farmers", state: { exists: true, kind: "table" }, special: "column-comments" },
  { name: "swap-table-first-build", key: served, project: "serving-project", options: onPostgresql },
  { name: "swap-table-replace", key: served, project: "serving-project", state: { exists: true, kind: "table", columns: servedColumns.slice(0, 2) }, options: onPostgresql },
  {
    name: "swap-table-unsupported-type",
    key: served,
    project: "serving-project",
    options: { ...onPostgresql, sourceColumns: [...servedColumns, { name: "regions", type: "array(varchar)" }] },
  },
  // Time-range incrementals: the plan's schemas + the task (create empty, one MERGE + log row per interval), then the log read.
  { name: "time-range-first-build", key: daily, special: "time-range", timeRange: { run: { now: "2026-01-03T12:00:00Z" } } },
  { name: "time-range-full-refresh", key: daily, special: "time-range", state: { exists: true, kind: "table", columns: dailyCols }, options: { fullRefresh: true }, timeRange: { run: { now: "2026-01-03T12:00:00Z" }, log: { built: [day(1)] } } },
  { name: "time-range-begins-later", key: daily, special: "time-range", timeRange: { run: { now: "2025-12-31T12:00:00Z" } } },
  {
    name: "time-range-lookback",
    key: daily,
    special: "time-range",
    state: { exists: true, kind: "table", columns: dailyCols },
    timeRange: { run: { now: "2026-01-04T12:00:00Z" }, log: { built: [day(1), day(2), day(3)] } },
  },
  {
    name: "time-range-restate",
    key: daily,
    special: "time-range",
    state: { exists: true, kind: "table", columns: dailyCols },
    timeRange: { run: { now: "2026-01-04T12:00:00Z", start: "2026-01-02T00:00:00.000Z", end: "2026-01-03T00:00:00.000Z", restate: true }, log: { built: [day(1), day(2), day(3)] } },
  },
];
