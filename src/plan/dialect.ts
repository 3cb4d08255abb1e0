/**
 * What `plan` needs from a SQL engine: every statement shape Lakeform executes, as text. The
 * plan declares this interface and stays engine-free; `adapters/trino/dialect.ts` implements it.
 * Implementations are pure: quoted/escaped values in, SQL text out.
 */

import type { SqlQuoting } from "../common/sql-quoting.js";
import type { Target } from "../common/target.js";
import type { IcebergConfig } from "../compile/graph.js";

export interface Column {
  readonly name: string;
  readonly type: string;
}

export interface MergeSpec {
  readonly target: Target;
  readonly query: string;
  readonly uniqueKey: readonly string[];
  /** Inserted columns (all of the source's). */
  readonly columns: readonly string[];
  /** Updated columns when a row matched (columns minus the key, after include/exclude). */
  readonly updateColumns: readonly string[];
  /** Columns compared by the change guard (WHEN MATCHED AND …); empty: no guard. */
  readonly changeColumns: readonly string[];
  /** Target-pruning predicates (alias `t` = target, `s` = source), ANDed into ON. */
  readonly predicates: readonly string[];
}

/** A column of a table whose rows arrive as one JSON parameter (the run log). */
export interface JsonRowColumn extends Column {
  /** How the value travels in the JSON document: as is, or an ISO-8601 string to parse. */
  readonly json: "value" | "iso-timestamp";
}

/** One interval of a time-range model replaced by one statement (`templates/.../time-range-merge`). */
export interface TimeRangeMergeSpec {
  readonly target: Target;
  /** The model's query with the interval's bounds substituted. */
  readonly query: string;
  readonly timeColumn: string;
  /** ISO-8601 UTC, inclusive / exclusive. */
  readonly start: string;
  readonly end: string;
  readonly columns: readonly string[];
}

export interface TimeRangeCreateSpec {
  readonly target: Target;
  readonly query: string;
  readonly iceberg: IcebergConfig;
  readonly comment?: string | undefined;
  readonly timeColumn: string;
  readonly start: string;
  readonly end: string;
  readonly replace: boolean;
  readonly empty: boolean;
}

/** A row of `lakeform.intervals`. */
export interface IntervalLogRow {
  readonly modelKey: string;
  readonly event: "built" | "reset";
  readonly start?: string;
  readonly end?: string;
  readonly complete: boolean;
}

export interface Dialect extends SqlQuoting {
  readonly name: string;
  createSchema(database: string, schema: string, location?: string): string;
  createTableAs(target: Target, query: string, iceberg: IcebergConfig, comment?: string): string;
  createView(target: Target, query: string, comment?: string): string;
  merge(spec: MergeSpec): string;
  insert(target: Target, query: string, columns?: readonly string[]): string;
  addColumn(target: Target, column: Column): string;
  dropColumn(target: Target, column: string): string;
  setColumnType(target: Target, column: Column): string;
  dropRelation(target: Target, relation: "TABLE" | "VIEW"): string;
  /** Counts the rows an assertion query returns; the assertion passes at 0. */
  assertionCheck(query: string): string;
  /** Counts rows in which a unit test's actual and expected outputs differ (as multisets). */
  testDiff(actual: string, expected: string): string;
  /** At most `limit` rows of a query (failing rows of an assertion, for the report). */
  sampleRows(query: string, limit: number): string;
  /** One row, one column: the id of the table's newest snapshot. */
  latestSnapshotId(target: Target): string;
  /** Plans a query without reading data; the result has the query's columns and no rows. */
  queryColumns(query: string): string;
  /** Which of `schemas` exist in `catalog` (one row per existing schema name). */
  existingSchemas(catalog: string, schemas: readonly string[]): string;
  /** Rows (schema, table, table type, column, data type, ordinal) of every relation in `schemas`. */
  relationsAndColumns(catalog: string, schemas: readonly string[]): string;
  createTableIfNotExists(target: Target, columns: readonly Column[], partitioning: readonly string[]): string;
  /** INSERT whose rows are ONE parameter (`?`): a JSON array of objects keyed by column name. */
  insertJsonRows(target: Target, columns: readonly JsonRowColumn[]): string;
  /** Asks the engine to parse, resolve and type-check a statement without running it. */
  validate(sql: string): string;
  optimize(target: Target, fileSizeThreshold?: string): string;
  expireSnapshots(target: Target, retentionThreshold?: string): string;
  removeOrphanFiles(target: Target, retentionThreshold?: string): string;
  /** A typed timestamp literal (with time zone) of an ISO-8601 UTC instant. */
  timestampLiteral(isoUtc: string): string;
  timeRangeMerge(spec: TimeRangeMergeSpec): string;
  /** A time-range model's table from its query over [start, end) in one statement (`empty`: no rows). */
  timeRangeCreate(spec: TimeRangeCreateSpec): string;
  /** One INSERT (one commit) of the rows. */
  intervalLogInsert(log: Target, rows: readonly IntervalLogRow[]): string;
  /** Rows (model_key, interval_start, interval_end, complete) logged since each model's latest reset. */
  intervalLogRead(log: Target, modelKeys: readonly string[]): string;
  /** Removes what the engine rejects around a user statement: surrounding blanks and trailing `;`. */
  statement(sql: string): string;
}
