/** Input/output types of `renderAction`: what the planner/runner pass in and get back. */

import type { Diagnostic } from "../common/errors.js";
import type { Target } from "../common/target.js";
import type { CatalogCapabilities } from "./dialect.js";

export interface WarehouseColumn {
  readonly name: string;
  /** Trino type as reported by information_schema / DESCRIBE, e.g. `varchar`, `decimal(12,2)`. */
  readonly type: string;
}

/** What the warehouse holds at an action's target (from the planner's introspection query). */
export interface TargetState {
  readonly exists: boolean;
  readonly kind?: "table" | "view";
  readonly columns?: readonly WarehouseColumn[];
}

export interface RenderOptions {
  /** Rebuild incremental tables from scratch (ignored for `protected` ones). */
  readonly fullRefresh?: boolean;
  /** Output columns of the action's query, needed to apply `onSchemaChange` (and to type a swapped table). */
  readonly sourceColumns?: readonly WarehouseColumn[];
  /** Seeds: the content hash recorded with the existing table (plan/seed.ts). */
  readonly seedHash?: string;
  /** The target catalog's capabilities; absent: the Iceberg rendering. */
  readonly catalog?: CatalogCapabilities;
}

export type StatementRole =
  | "drop-relation"
  | "pre-op"
  | "create"
  /** Renames that put a staging table in place of the live one (catalogs without CREATE OR REPLACE). */
  | "swap"
  | "schema-change"
  | "merge"
  | "insert"
  | "post-op"
  | "operation"
  /** `COMMENT ON TABLE/COLUMN` (a metadata-only Iceberg commit, no snapshot). */
  | "comment"
  /** `GRANT SELECT … TO ROLE` after a model is built (`grants`). */
  | "grant"
  /** Returns one row `failing_rows`; the assertion passes when it is 0. */
  | "assertion"
  /** Returns one row `differing_rows`; the test passes when it is 0. */
  | "test"
  | "maintenance"
  | "create-schema"
  /** Reads of the warehouse state the plan was built from (run repeats them before executing). */
  | "introspection"
  /** `LIMIT 0` probe of an incremental query's columns, for onSchemaChange. */
  | "source-columns"
  /** A few failing rows of an assertion, for the report (only when the check failed). */
  | "sample"
  /** `--store-failures`: the failing rows kept in a table (only when the check failed). */
  | "store-failures"
  /** The Iceberg snapshot the task's write produced, for the run log. */
  | "snapshot-id"
  /** The run log tables and their rows (`lakeform.runs`, `action_runs`, `assertion_results`). */
  | "run-log"
  /** Time-range models: `lakeform.intervals` (its DDL, a reset, an interval built). */
  | "interval-log";

/** Run-log rows bound to a statement's one `?` parameter at the end of a run. */
export type RunLogRows = "runs" | "action-runs" | "assertion-results" | "manifest" | "maintenance";

export interface RenderedStatement {
  readonly role: StatementRole;
  readonly sql: string;
  /** Executed only when the task's check found failing (or differing) rows. */
  readonly when?: "check-failed";
  /** The statement has one `?`: run binds these rows to it as a JSON array (skipped when there are none). */
  readonly parameter?: RunLogRows;
  /** The relation a follow-up statement creates (store-failures), for the report. */
  readonly creates?: Target;
  /**
   * Time-range models: the start (ISO) of the interval the statement belongs to. A task's
   * statements of one interval run in order; intervals run up to the model's batchConcurrency at once.
   */
  readonly interval?: string;
}

export type RenderMode =
  | "create-table"
  | "create-view"
  | "incremental-create"
  | "incremental-full-refresh"
  | "merge"
  | "append"
  | "time-range"
  | "delete-insert"
  | "insert-overwrite"
  | "snapshot-create"
  | "snapshot"
  | "operations"
  | "assertion"
  | "test"
  | "declaration"
  /** A seed whose CSV changed (or whose table is missing): rebuilt. */
  | "seed"
  /** A seed whose table already holds this CSV: nothing to do. */
  | "seed-unchanged";

export interface RenderedAction {
  readonly key: string;
  readonly mode: RenderMode;
  /** In execution order; every string is final SQL. */
  readonly statements: readonly RenderedStatement[];
  /** E.g. onSchemaChange FAIL with a changed schema, or columns unknown for a MERGE. */
  readonly diagnostics: readonly Diagnostic[];
}
