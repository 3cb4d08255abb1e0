/**
 * What `plan` needs from a SQL engine: every statement shape Lakeform executes, as text. The
 * plan declares this interface and stays engine-free; `adapters/trino/dialect.ts` implements it.
 * Implementations are pure: quoted/escaped values in, SQL text out.
 */

import type { SqlQuoting } from "../common/sql-quoting.js";
import type { Target } from "../common/target.js";
import type { IcebergConfig } from "../compile/graph.js";
import type { PartitionField } from "../compile/strategy-config.js";

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

/**
 * delete+insert and insert_overwrite: ONE statement that deletes the target rows sharing a key (or
 * a partition) with the new rows and inserts the new rows, so a run is one Iceberg commit.
 */
export interface ReplaceSpec {
  readonly target: Target;
  readonly query: string;
  /** The inserted columns, typed when the table's types are known (partition values need them). */
  readonly columns: readonly Column[];
  readonly replace: { readonly kind: "keys"; readonly keys: readonly string[] } | { readonly kind: "partitions"; readonly fields: readonly PartitionField[] };
  /** Target-pruning predicates (alias `t`), ANDed into ON. */
  readonly predicates: readonly string[];
}

/** SCD type 2: what the snapshot MERGE (and the first build) need. */
export interface SnapshotMergeSpec {
  readonly target: Target;
  readonly query: string;
  readonly uniqueKey: readonly string[];
  /** The query's columns (the table's minus the snapshot's own); unused by the first build. */
  readonly columns: readonly string[];
  readonly strategy: "timestamp" | "check";
  readonly updatedAt?: string;
  /** Compared by the check strategy. */
  readonly checkColumns: readonly string[];
  readonly invalidateHardDeletes: boolean;
}

/** A column of a table whose rows arrive as one JSON parameter (the run log). */
export interface JsonRowColumn extends Column {
  /** How the value travels in the JSON document: as is, or an ISO-8601 string to parse. */
  readonly json: "value" | "iso-timestamp";
}

export interface Dialect extends SqlQuoting {
  readonly name: string;
  createSchema(database: string, schema: string, location?: string): string;
  createTableAs(target: Target, query: string, iceberg: IcebergConfig, comment?: string): string;
  createView(target: Target, query: string, comment?: string): string;
  merge(spec: MergeSpec): string;
  insert(target: Target, query: string, columns?: readonly string[]): string;
  /** delete+insert / insert_overwrite as one MERGE. */
  replaceMerge(spec: ReplaceSpec): string;
  /** The first build's query of a snapshot: the query's rows as current versions. */
  snapshotTableQuery(spec: SnapshotMergeSpec): string;
  /** One MERGE that closes changed (and deleted) current versions and inserts the new ones. */
  snapshotMerge(spec: SnapshotMergeSpec): string;
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
  /** Removes what the engine rejects around a user statement: surrounding blanks and trailing `;`. */
  statement(sql: string): string;
}
