/**
 * Strict schemas for every action kind's config (SQLX `config {}` blocks and JS API configs).
 * Dataform keys keep Dataform's meaning; Lakeform's extensions (iceberg, merge tuning, extra
 * assertions) are typed here too. Unknown keys are errors with the nearest valid key as hint.
 */

import { z } from "zod";
import { modelMaintenanceSchema } from "../config/maintenance-policy.js";

const stringOrList = z.union([z.string(), z.array(z.string())]);

export const targetRefSchema = z.union([
  z.string().min(1),
  z.strictObject({
    database: z.string().optional(),
    schema: z.string().optional(),
    name: z.string().min(1),
    includeDependentAssertions: z.boolean().optional(),
  }),
]);
export type TargetRef = z.infer<typeof targetRefSchema>;

export interface ColumnDocInput {
  description?: string | undefined;
  type?: string | undefined;
  tags?: string | string[] | undefined;
  displayName?: string | undefined;
  bigqueryPolicyTags?: string | string[] | undefined;
  columns?: Record<string, string | ColumnDocInput> | undefined;
}
const columnDoc: z.ZodType<ColumnDocInput> = z.lazy(() =>
  z.strictObject({
    description: z.string().optional(),
    type: z.string().optional(),
    tags: stringOrList.optional(),
    displayName: z.string().optional(),
    bigqueryPolicyTags: stringOrList.optional(),
    columns: z.record(z.string(), z.union([z.string(), columnDoc])).optional(),
  }),
);
const columns = z.record(z.string(), z.union([z.string(), columnDoc]));

const propertyValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);

export const icebergSchema = z.strictObject({
  partitioning: z.array(z.string().min(1)).optional(),
  sortedBy: z.array(z.string().min(1)).optional(),
  format: z.enum(["PARQUET", "ORC", "AVRO", "parquet", "orc", "avro"]).optional(),
  formatVersion: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  location: z.string().min(1).optional(),
  properties: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/, "table property names are lower-case identifiers"), propertyValue).optional(),
  // `lakeform maintain`'s policy for this table (config/maintenance-policy.ts), or false.
  maintenance: modelMaintenanceSchema.optional(),
});

const literal = z.union([z.string(), z.number(), z.boolean()]);
/** "warn": a failing check is reported but never fails the run (dbt's `severity: warn`). */
export const severitySchema = z.enum(["error", "warn"]);

export const assertionsSchema = z.strictObject({
  severity: severitySchema.optional(),
  // `[["a"], ["b", "c"]]` is accepted as Dataform accepts it: several keys, like uniqueKeys.
  uniqueKey: z.union([stringOrList, z.array(z.array(z.string()))]).optional(),
  uniqueKeys: z.array(z.array(z.string())).optional(),
  nonNull: stringOrList.optional(),
  rowConditions: z.array(z.string()).optional(),
  acceptedValues: z.record(z.string(), z.array(literal).min(1)).optional(),
  relationships: z.record(z.string(), z.string().regex(/^[^.]+(\.[^.]+)*\.[^.]+$/, 'expected "model.column"')).optional(),
});
export type AssertionsConfig = z.infer<typeof assertionsSchema>;

const base = {
  type: z.string().optional(),
  name: z.string().min(1).optional(),
  schema: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  tags: stringOrList.optional(),
  dependencies: z.union([targetRefSchema, z.array(targetRefSchema)]).optional(),
  disabled: z.boolean().optional(),
  description: z.string().optional(),
  hermetic: z.boolean().optional(),
  dependOnDependencyAssertions: z.boolean().optional(),
};

/** Per-model settings of the generated Grafana dashboards (`lakeform dashboards`). */
export const dashboardSchema = z.strictObject({
  domain: z.string().regex(/^[A-Za-z0-9_-]+$/, "a domain is a name (letters, digits, _ and -)").optional(),
  title: z.string().min(1).optional(),
  exclude: z.boolean().optional(),
  time: z.string().min(1).optional(),
  dimensions: z.array(z.string().min(1)).optional(),
  measures: z.array(z.string().min(1)).optional(),
  rates: z.array(z.string().min(1)).optional(),
  series: z.array(z.string().min(1)).optional(),
  seriesBy: z.string().min(1).optional(),
});

/**
 * Trino settings of one model: `session` properties set on each of its statements (system
 * properties like `query_max_run_time`, or `catalog.property`). Values travel in the
 * `X-Trino-Session` header, so they are plain words (no commas, `=` or blanks).
 */
export const trinoModelSchema = z.strictObject({
  session: z
    .record(
      z.string().regex(/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/, "session property names are lower-case identifiers, optionally catalog.property"),
      z.union([z.string().regex(/^[A-Za-z0-9_.:/+-]+$/, "session property values are plain words (letters, digits, _ . : / + -)"), z.number(), z.boolean()]),
    )
    .optional(),
});

/** `GRANT SELECT … TO ROLE` after the model is built (refused where the catalog has no grants). */
export const grantsSchema = z.strictObject({ select: z.array(z.string().min(1)).min(1).optional() });

const relationBase = {
  ...base,
  columns: columns.optional(),
  assertions: assertionsSchema.optional(),
  dashboard: dashboardSchema.optional(),
  trino: trinoModelSchema.optional(),
  grants: grantsSchema.optional(),
};

export const tableConfigSchema = z.strictObject({ ...relationBase, iceberg: icebergSchema.optional() });
export const viewConfigSchema = z.strictObject({ ...relationBase });
/** Lakeform's spellings, dbt's (`delete+insert`) and Dataform's (`INSERT_OVERWRITE`, `INCREMENTAL_STRATEGY_MERGE`). */
export const INCREMENTAL_STRATEGY_SPELLINGS = [
  "merge",
  "append",
  "delete+insert",
  "insert_overwrite",
  "MERGE",
  "APPEND",
  "DELETE+INSERT",
  "INSERT_OVERWRITE",
  "INCREMENTAL_STRATEGY_MERGE",
  "INCREMENTAL_STRATEGY_INSERT_OVERWRITE",
  "INCREMENTAL_STRATEGY_UNSPECIFIED",
] as const;
const incrementalStrategySchema = z.enum(INCREMENTAL_STRATEGY_SPELLINGS);
export const incrementalConfigSchema = z.strictObject({
  ...relationBase,
  iceberg: icebergSchema.optional(),
  uniqueKey: stringOrList.optional(),
  protected: z.boolean().optional(),
  onSchemaChange: z.enum(["IGNORE", "FAIL", "EXTEND", "SYNCHRONIZE", "ignore", "fail", "extend", "synchronize"]).optional(),
  updatePartitionFilter: z.string().min(1).optional(),
  incrementalPredicates: z.array(z.string().min(1)).optional(),
  mergeUpdateColumns: z.array(z.string().min(1)).optional(),
  mergeExcludeColumns: z.array(z.string().min(1)).optional(),
  mergeChangeColumns: z.union([z.array(z.string().min(1)).min(1), z.literal(false)]).optional(),
  // Time-range incrementals (compile/time-range-config.ts checks them together).
  timeColumn: z.string().min(1).optional(),
  batchSize: z.string().min(1).optional(),
  lookback: z.number().int().min(0).optional(),
  begin: z.string().min(1).optional(),
  batchConcurrency: z.number().int().min(1).optional(),
  incrementalStrategy: incrementalStrategySchema.optional(),
});
/** SCD type 2 snapshots (`type: "snapshot"`); see src/compile/strategy-config.ts. */
export const snapshotConfigSchema = z.strictObject({
  ...relationBase,
  iceberg: icebergSchema.optional(),
  uniqueKey: stringOrList.optional(),
  strategy: z.enum(["timestamp", "check"]).optional(),
  updatedAt: z.string().min(1).optional(),
  checkColumns: z.union([z.array(z.string().min(1)).min(1), z.literal("all")]).optional(),
  invalidateHardDeletes: z.boolean().optional(),
});
export const operationsConfigSchema = z.strictObject({ ...base, hasOutput: z.boolean().optional(), columns: columns.optional(), trino: trinoModelSchema.optional() });
export const assertionConfigSchema = z.strictObject({ ...base, severity: severitySchema.optional() });
export const declarationConfigSchema = z.strictObject({
  type: z.string().optional(),
  name: z.string().min(1).optional(),
  schema: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  description: z.string().optional(),
  columns: columns.optional(),
  tags: stringOrList.optional(),
  // A declared Iceberg table the project maintains (`lakeform maintain`).
  iceberg: z.strictObject({ maintenance: modelMaintenanceSchema.optional() }).optional(),
});
export const testConfigSchema = z.strictObject({
  type: z.string().optional(),
  name: z.string().min(1).optional(),
  dataset: targetRefSchema,
  tags: stringOrList.optional(),
  disabled: z.boolean().optional(),
});

/** `seeds/<name>.yaml`, beside `seeds/<name>.csv`: types, docs, checks, partitioning. */
export const seedConfigSchema = z.strictObject({
  type: z.string().optional(),
  name: z.string().min(1).optional(),
  schema: z.string().min(1).optional(),
  database: z.string().min(1).optional(),
  description: z.string().optional(),
  tags: stringOrList.optional(),
  disabled: z.boolean().optional(),
  columns: columns.optional(),
  assertions: assertionsSchema.optional(),
  iceberg: icebergSchema.pick({ partitioning: true, sortedBy: true, format: true, formatVersion: true }).optional(),
  /** CSV dialect: the field delimiter (default `,`). */
  delimiter: z.string().length(1).optional(),
});

export type TableConfig = z.infer<typeof tableConfigSchema>;
export type ViewConfig = z.infer<typeof viewConfigSchema>;
export type IncrementalConfig = z.infer<typeof incrementalConfigSchema>;
export type SnapshotConfig = z.infer<typeof snapshotConfigSchema>;
export type OperationsConfig = z.infer<typeof operationsConfigSchema>;
export type AssertionConfig = z.infer<typeof assertionConfigSchema>;
export type DeclarationConfig = z.infer<typeof declarationConfigSchema>;
export type TestConfig = z.infer<typeof testConfigSchema>;
export type SeedConfig = z.infer<typeof seedConfigSchema>;

export const ACTION_TYPES = ["table", "view", "incremental", "operations", "assertion", "declaration", "test", "seed", "snapshot"] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export const configSchemas = {
  table: tableConfigSchema,
  view: viewConfigSchema,
  incremental: incrementalConfigSchema,
  operations: operationsConfigSchema,
  assertion: assertionConfigSchema,
  declaration: declarationConfigSchema,
  test: testConfigSchema,
  seed: seedConfigSchema,
  snapshot: snapshotConfigSchema,
} as const;

/** Dataform/BigQuery keys that have a Lakeform equivalent or none, with the fix. */
export const configKeyHints: Readonly<Record<string, string>> = {
  partitionBy: "BigQuery option; on Iceberg use iceberg: { partitioning: [\"day(ts)\"] }",
  clusterBy: "BigQuery option; on Iceberg use iceberg: { sortedBy: [\"col\"] }",
  bigquery: "BigQuery options do not apply to Trino; use the iceberg { } block",
  labels: "BigQuery option; use iceberg: { properties: { … } } or tags",
  materialized: "materialized views are not supported by the Iceberg JDBC catalog; use type: \"table\"",
  redshift: "Redshift options do not apply to Trino",
  snowflake: "Snowflake options do not apply to Trino",
  sqldatawarehouse: "Azure options do not apply to Trino",
  partitionExpirationDays: "BigQuery option; use Iceberg maintenance (expire_snapshots)",
  requirePartitionFilter: "BigQuery option; not available on Trino",
};
