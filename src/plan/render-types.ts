/** Input/output types of `renderAction`: what the planner/runner pass in and get back. */

import type { Diagnostic } from "../common/errors.js";

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
  /** Output columns of the action's query, needed to apply `onSchemaChange`. */
  readonly sourceColumns?: readonly WarehouseColumn[];
}

export type StatementRole =
  | "drop-relation"
  | "pre-op"
  | "create"
  | "schema-change"
  | "merge"
  | "insert"
  | "post-op"
  | "operation"
  /** Returns one row `failing_rows`; the assertion passes when it is 0. */
  | "assertion"
  /** Returns one row `differing_rows`; the test passes when it is 0. */
  | "test"
  | "maintenance"
  | "create-schema";

export interface RenderedStatement {
  readonly role: StatementRole;
  readonly sql: string;
}

export type RenderMode =
  | "create-table"
  | "create-view"
  | "incremental-create"
  | "incremental-full-refresh"
  | "merge"
  | "append"
  | "operations"
  | "assertion"
  | "test"
  | "declaration";

export interface RenderedAction {
  readonly key: string;
  readonly mode: RenderMode;
  /** In execution order; every string is final SQL. */
  readonly statements: readonly RenderedStatement[];
  /** E.g. onSchemaChange FAIL with a changed schema, or columns unknown for a MERGE. */
  readonly diagnostics: readonly Diagnostic[];
}
