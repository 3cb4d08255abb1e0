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

/** What a catalog's connector can do; the adapter holds one constant per connector kind, each with its reason. */
export interface CatalogCapabilities {
  /** Connector name as Trino reports it (`iceberg`, `postgresql`, …). */
  readonly connector: string;
  /** Models may build relations here (declarations may read any catalog). */
  readonly writable: boolean;
  /** Full rebuilds in one statement; false: build a staging table, then swap it in by renames. */
  readonly createOrReplaceTable: boolean;
  readonly views: boolean;
  readonly merge: boolean;
  /** Snapshot metadata the run log records after a write. */
  readonly snapshots: boolean;
  /** Iceberg table properties (`iceberg: { … }` in a model's config). */
  readonly tableProperties: boolean;
  readonly schemaLocation: boolean;
  /** Which Trino types the connector stores: all, or the PostgreSQL write mapping. */
  readonly columnTypes: "any" | "postgresql";
}

/** How one output column is written to a catalog: as is, cast (e.g. precision lowered), or impossible. */
export type StorableColumn =
  | { readonly ok: true; readonly name: string; readonly type: string; readonly cast?: string; readonly note?: string }
  | { readonly ok: false; readonly name: string; readonly type: string; readonly reason: string; readonly fix: string };
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
  /** The longest statement the engine accepts (seeds are batched below it). */
  readonly maxStatementLength: number;
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
  /**
   * A seed's rows as a query: each column cast from its text to its type (the values were checked
   * at compile time); no rows → the typed columns and an empty result.
   */
  seedRows(columns: readonly Column[], rows: readonly (readonly (string | null)[])[]): string;
  /** Rows (table, comment) with the stored comment of each of `targets` (all must exist). */
  tableComments(targets: readonly Target[]): string;
  commentOnTable(target: Target, comment: string): string;
  /** Why the engine cannot GRANT on its tables; undefined when it can (capabilities). */
  readonly grantsUnsupported?: string;
  grantSelect(target: Target, role: string): string;
  commentOnColumn(target: Target, column: string, comment: string): string;
  /** Rows (schema, table, column, comment) of the commented columns of every table in `schemas`. */
  columnComments(catalog: string, schemas: readonly string[]): string;
  /** Rows (catalog, connector) of the named catalogs: which kind of catalog each target lives in. */
  catalogKinds(catalogs: readonly string[]): string;
  /** Capabilities by connector name; `undefined` (not read) means the default (Iceberg) rendering. */
  capabilities(connector: string | undefined): CatalogCapabilities;
  /** Whether (and how) a catalog of these capabilities can store a column of this Trino type. */
  storableColumn(c: CatalogCapabilities, column: Column): StorableColumn;
  /** `CREATE TABLE … AS` (no replace), the query's columns cast where `columns` says so. */
  createStagingTable(target: Target, query: string, columns: readonly StorableColumn[] | undefined, comment?: string): string;
  renameTable(from: Target, to: Target): string;
  /** A typed timestamp literal (with time zone) of an ISO-8601 UTC instant. */
  timestampLiteral(isoUtc: string): string;
  timeRangeMerge(spec: TimeRangeMergeSpec): string;
  /** A time-range model's table from its query over [start, end) in one statement (`empty`: no rows). */
  timeRangeCreate(spec: TimeRangeCreateSpec): string;
  /** One INSERT (one commit) of the rows. */
  intervalLogInsert(log: Target, rows: readonly IntervalLogRow[]): string;
  /** Rows (model_key, interval_start, interval_end, complete) logged since each model's latest reset. */
  intervalLogRead(log: Target, modelKeys: readonly string[]): string;
  /**
   * One row: files, files under `smallFileBytes`, average file size, snapshots, ms since the last
   * compaction (`replace` snapshot, null if none), age in ms of the oldest of the newest `retain` snapshots.
   */
  maintenanceStats(target: Target, smallFileBytes: number, retain: number): string;
  /** Removes what the engine rejects around a user statement: surrounding blanks and trailing `;`. */
  statement(sql: string): string;
}
