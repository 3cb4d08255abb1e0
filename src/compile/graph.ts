/**
 * The compiled graph: typed, discriminated actions with resolved targets and dependencies.
 * This is the contract between compile and everything downstream (plan, run, lineage,
 * dashboards); it is plain data (JSON-serialisable) and deterministic.
 */

import type { Diagnostic, SourceLocation } from "../common/errors.js";
import type { ProjectSettings } from "../config/project.js";
import type { Target } from "../common/target.js";
import type { TimeRange } from "./time-range-config.js";
import type { MaintenancePolicy } from "../config/maintenance-policy.js";

export type { Target } from "../common/target.js";
export type { BatchSize, BatchUnit, TimeRange } from "./time-range-config.js";

export type ActionKind = "table" | "view" | "incremental" | "operations" | "assertion" | "declaration" | "test" | "seed";

export interface ColumnDoc {
  /** Nested columns are flattened to a dotted path, e.g. `address.city`. */
  readonly path: readonly string[];
  readonly description?: string;
  /** Optional Trino type, a Lakeform extension used when adding columns. */
  readonly type?: string;
  readonly tags?: readonly string[];
}

export type IcebergFormat = "PARQUET" | "ORC" | "AVRO";
export type IcebergPropertyValue = string | number | boolean | readonly string[];

export interface IcebergConfig {
  /** Partition transforms, e.g. `day(ts)`, `bucket(id, 16)`. */
  readonly partitioning?: readonly string[];
  /** Sort order, e.g. `id`, `ts DESC`. */
  readonly sortedBy?: readonly string[];
  readonly format?: IcebergFormat;
  readonly formatVersion?: number;
  readonly location?: string;
  /** Further Iceberg table properties, passed through as `WITH (key = value)`. */
  readonly properties?: Readonly<Record<string, IcebergPropertyValue>>;
  /** `lakeform maintain`'s policy for this table; false: not maintained. */
  readonly maintenance?: MaintenancePolicy | false;
}

export type OnSchemaChange = "IGNORE" | "FAIL" | "EXTEND" | "SYNCHRONIZE";

export type BuiltinAssertion = "uniqueKey" | "rowConditions" | "acceptedValues" | "relationships";

interface ActionBase {
  readonly kind: ActionKind;
  /** `database.schema.name` of the final target (`test:<name>` for unit tests); unique in a graph without errors. */
  readonly key: string;
  /** Final target (after schema suffix and table prefix). */
  readonly target: Target;
  /** Target as written, before environment suffixes/prefixes. */
  readonly canonicalTarget: Target;
  /** `"catalog"."schema"."table"`. */
  readonly sqlTarget: string;
  /** Project-relative file of origin, with `/` separators. */
  readonly file: string;
  readonly location: SourceLocation;
  readonly tags: readonly string[];
  readonly description?: string;
  /** Resolved dependency keys (sorted, unique); each exists in `Graph.actions` unless reported. */
  readonly dependencies: readonly string[];
  readonly disabled: boolean;
  readonly hermetic?: boolean;
  /** Trino session properties set on every statement of the action (`trino: { session }`). */
  readonly session?: Readonly<Record<string, string>>;
  /** Roles granted SELECT on the built relation (`grants: { select }`). */
  readonly grants?: { readonly select: readonly string[] };
}

interface Queryable {
  readonly query: string;
  readonly preOps: readonly string[];
  readonly postOps: readonly string[];
  readonly columns: readonly ColumnDoc[];
  /** The model's `dashboard { … }` config, for `lakeform dashboards`. */
  readonly dashboard?: DashboardConfig;
}

/** Per-model dashboard settings; everything is derived from the columns' types and docs when absent. */
export interface DashboardConfig {
  /** Models with the same domain share a dashboard (default: the folder under the layer, else the model's name). */
  readonly domain?: string;
  readonly title?: string;
  /** No domain dashboard panels for this model. */
  readonly exclude?: boolean;
  /** Column of the time-series panel. */
  readonly time?: string;
  /** Columns offered as template variables and "by X" charts. */
  readonly dimensions?: readonly string[];
  readonly measures?: readonly string[];
  readonly rates?: readonly string[];
  /** Measures plotted over `time`, one time-series panel each (averaged per hour). */
  readonly series?: readonly string[];
  /** With `series`: one line per value of this dimension (e.g. per city). */
  readonly seriesBy?: string;
}

export interface TableAction extends ActionBase, Queryable {
  readonly kind: "table";
  readonly iceberg: IcebergConfig;
}

export interface ViewAction extends ActionBase, Queryable {
  readonly kind: "view";
}

export interface IncrementalAction extends ActionBase, Queryable {
  readonly kind: "incremental";
  /** The query evaluated with `incremental()` true. */
  readonly incrementalQuery: string;
  readonly incrementalPreOps: readonly string[];
  readonly incrementalPostOps: readonly string[];
  /** Empty: append with INSERT; otherwise MERGE on these columns. */
  readonly uniqueKey: readonly string[];
  /** Protected tables are never rebuilt from scratch (full refresh keeps them). */
  readonly protected: boolean;
  readonly onSchemaChange: OnSchemaChange;
  /** SQL predicate on the target (alias `t`) added to the MERGE ON clause to prune files. */
  readonly updatePartitionFilter?: string;
  readonly incrementalPredicates: readonly string[];
  readonly mergeUpdateColumns?: readonly string[];
  readonly mergeExcludeColumns?: readonly string[];
  /**
   * Columns the MERGE change guard compares to decide that a matched row changed (default: every
   * updated column); `false`: no guard, every matched row is rewritten.
   */
  readonly mergeChangeColumns?: readonly string[] | false;
  readonly iceberg: IcebergConfig;
  /**
   * Time-range incremental: built interval by interval; `incrementalQuery` is then a template whose
   * interval bounds are `INTERVAL_START_PLACEHOLDER`/`INTERVAL_END_PLACEHOLDER` (plan/time-range.ts).
   */
  readonly timeRange?: TimeRange;
  /** `incrementalStrategy` as configured (normalised); absent: MERGE with a uniqueKey, else append. */
  readonly incrementalStrategy?: IncrementalStrategy;
  /** `type: "snapshot"`: an SCD type 2 history of the query's rows, kept by one MERGE per run. */
  readonly snapshot?: SnapshotSpec;
}

/** How an incremental run writes its new rows (each one atomic: one statement, one Iceberg commit). */
export type IncrementalStrategy = "merge" | "append" | "delete+insert" | "insert_overwrite";

/** SCD type 2 settings of a snapshot (an incremental table whose run is `snapshot-merge`). */
export interface SnapshotSpec {
  /** "timestamp": a row changed when `updatedAt` grew; "check": when a checked column differs. */
  readonly strategy: "timestamp" | "check";
  readonly updatedAt?: string;
  /** Columns compared by the check strategy; absent: every column of the query but the key. */
  readonly checkColumns?: readonly string[];
  /** Close the current version of keys the query no longer returns. */
  readonly invalidateHardDeletes: boolean;
  /** Where `checkColumns` (or `updatedAt`) is written, for diagnostics found once the columns are known. */
  readonly columnsLocation?: SourceLocation;
}

export interface OperationsAction extends ActionBase {
  readonly kind: "operations";
  readonly queries: readonly string[];
  readonly hasOutput: boolean;
  readonly columns: readonly ColumnDoc[];
}

export interface AssertionAction extends ActionBase {
  readonly kind: "assertion";
  /** Returns the failing rows; the assertion passes when it returns none. */
  readonly query: string;
  /** For built-in assertions: the key of the table they check. */
  readonly parent?: string;
  readonly builtin?: BuiltinAssertion;
  /** "warn": failures are reported, never fail the run. */
  readonly severity: "error" | "warn";
}

export interface DeclarationAction extends ActionBase {
  readonly kind: "declaration";
  readonly columns: readonly ColumnDoc[];
  /** Only `maintenance`: a declared Iceberg table the project maintains. */
  readonly iceberg?: IcebergConfig;
  /** What `lakeform ingest` lands in this table (`streams/*.yaml`): the Kafka topic, or the file landing's `s3://` prefix. */
  readonly stream?: string;
}

export interface TestInput {
  /** Key of the action the input replaces. */
  readonly ref: string;
  readonly query: string;
}

export interface TestAction extends ActionBase {
  readonly kind: "test";
  /** Key of the tested action. */
  readonly dataset: string;
  readonly inputs: readonly TestInput[];
  /** The tested action's query with each input ref replaced by the input's rows. */
  readonly query: string;
  readonly expectedQuery: string;
}

/** A column of a seed: its name and the Trino type every value was checked against. */
export interface SeedColumn {
  readonly name: string;
  readonly type: string;
}

/**
 * `seeds/<name>.csv` (+ `seeds/<name>.yaml`): a small reference table kept in the project. The
 * values were type-checked at compile time; `hash` covers the CSV and the declared types, and is
 * kept with the table so an unchanged seed is not rewritten.
 */
export interface SeedAction extends ActionBase {
  readonly kind: "seed";
  readonly columns: readonly ColumnDoc[];
  readonly seedColumns: readonly SeedColumn[];
  /** Values as text (already checked against their column's type); null = empty field. */
  readonly rows: readonly (readonly (string | null)[])[];
  /** sha256 (hex) of the CSV bytes and the column types. */
  readonly hash: string;
  readonly iceberg: IcebergConfig;
}

export type Action =
  | SeedAction
  | TableAction
  | ViewAction
  | IncrementalAction
  | OperationsAction
  | AssertionAction
  | DeclarationAction
  | TestAction;

export type ActionOfKind<K extends ActionKind> = Extract<Action, { kind: K }>;

export interface Graph {
  readonly settings: ProjectSettings;
  /** Sorted by key. */
  readonly actions: readonly Action[];
}

export interface CompileResult {
  readonly graph: Graph;
  /** Errors and warnings, sorted by file, line, column. */
  readonly diagnostics: readonly Diagnostic[];
}

export function targetKey(t: Target): string {
  return `${t.database}.${t.schema}.${t.name}`;
}

export function hasErrors(r: CompileResult): boolean {
  return r.diagnostics.some((d) => d.severity === "error");
}

export function actionIndex(graph: Graph): ReadonlyMap<string, Action> {
  return new Map(graph.actions.map((a) => [a.key, a]));
}

/** Kinds that create a relation in the warehouse Lakeform manages. */
export function producesRelation(a: Action): a is TableAction | ViewAction | IncrementalAction {
  return a.kind === "table" || a.kind === "view" || a.kind === "incremental";
}
