/**
 * Every statement shape × option Lakeform renders, as (action, warehouse state, options) cases
 * over the golden fixture project. Each case's SQL is compared with `tests/golden/<name>.sql`.
 */

import type { RenderOptions, TargetState } from "../../../src/plan/render.js";

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
  readonly special?: "schemas" | "maintenance" | "maintenance-orphans" | "plan" | "introspection" | "run-log";
}

const loans = "lake.silver.loans";
const loanCols = [
  { name: "loan_id", type: "bigint" },
  { name: "farmer_id", type: "bigint" },
  { name: "region", type: "varchar" },
  { name: "amount", type: "decimal(14,2)" },
  { name: "issued_at", type: "timestamp(6) with time zone" },
];

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
    state: { exists: true, kind: "table", columns: loanCols },
    options: { sourceColumns: [...loanCols, { name: "rate", type: "double" }] },
  },
  {
    name: "incremental-merge-update-columns",
    key: "lake.silver.loan_status",
    state: {
      exists: true,
      kind: "table",
      columns: ["loan_id", "status_date", "status", "first_seen_at", "updated_at"].map((name) => ({ name, type: "varchar" })),
    },
  },
  {
    name: "incremental-protected-full-refresh",
    key: "lake.silver.loan_status",
    state: { exists: true, kind: "table", columns: ["loan_id", "status_date", "status", "first_seen_at", "updated_at"].map((name) => ({ name, type: "varchar" })) },
    options: { fullRefresh: true },
  },
  {
    name: "incremental-schema-change-fail",
    key: "lake.silver.loan_status",
    state: { exists: true, kind: "table", columns: ["loan_id", "status_date", "status"].map((name) => ({ name, type: "varchar" })) },
    options: { sourceColumns: ["loan_id", "status_date", "status", "first_seen_at"].map((name) => ({ name, type: "varchar" })) },
  },
  {
    name: "incremental-merge-change-columns",
    key: "lake.silver.loan_balances",
    state: { exists: true, kind: "table", columns: ["loan_id", "balance", "updated_at"].map((name) => ({ name, type: "varchar" })) },
  },
  {
    name: "incremental-merge-no-change-guard",
    key: "lake.silver.loan_latest",
    state: { exists: true, kind: "table", columns: ["loan_id", "balance", "updated_at"].map((name) => ({ name, type: "varchar" })) },
  },
  {
    name: "incremental-merge-change-column-unknown",
    key: "lake.silver.loan_balances",
    state: { exists: true, kind: "table", columns: ["loan_id", "balance"].map((name) => ({ name, type: "varchar" })) },
  },
  { name: "incremental-merge-key-only", key: "lake.silver.loan_keys", state: { exists: true, kind: "table", columns: [{ name: "loan_id", type: "bigint" }] } },
  { name: "incremental-merge-columns-unknown", key: "lake.silver.loan_keys", state: { exists: true, kind: "table" } },
  { name: "incremental-append", key: "lake.silver.loan_events", state: { exists: true, kind: "table", columns: [{ name: "event_id", type: "bigint" }, { name: "loan_id", type: "bigint" }, { name: "ts", type: "timestamp(6)" }] } },
  { name: "incremental-append-no-columns", key: "lake.silver.loan_events", state: { exists: true, kind: "table", columns: [] } },
  {
    name: "incremental-append-synchronize",
    key: "lake.silver.loan_events",
    state: { exists: true, kind: "table", columns: [{ name: "event_id", type: "integer" }, { name: "loan_id", type: "bigint" }, { name: "legacy", type: "varchar" }] },
    options: { sourceColumns: [{ name: "event_id", type: "bigint" }, { name: "loan_id", type: "bigint" }, { name: "ts", type: "timestamp(6)" }] },
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
  { name: "plan-table-snapshot-id", key: "lake.silver.farmers", special: "plan" },
  { name: "plan-assertion-sample-store-failures", key: "lake.quality.no_negative_exposure", special: "plan" },
  { name: "introspection", key: "lake", special: "introspection" },
  { name: "run-log", key: "lake", special: "run-log" },
];
