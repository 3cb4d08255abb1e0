/**
 * Every code a `Diagnostic` may carry: one kebab-case vocabulary for compile, plan, streams and
 * dashboards, so tools (and users' CI filters) can rely on it. A new mistake gets a code here.
 */
export const DIAGNOSTIC_CODES = [
  // settings (dataform.json, workflow_settings.yaml)
  "invalid-settings",
  "unknown-settings-key",
  "duplicate-settings",
  // another warehouse's settings (e.g. "warehouse": "bigquery"), accepted with a warning
  "foreign-settings",
  // definitions and their config
  "evaluation-error",
  // errors that only follow from an earlier one (a failing include), folded into one line
  "follows-from-above",
  // a definition file name that cannot be a name (control characters)
  "invalid-name",
  "invalid-yaml",
  "invalid-config",
  "unknown-config-key",
  "unknown-action-type",
  // another warehouse's config block (bigquery { }, redshift { }…), accepted with a warning
  "foreign-config",
  // definitions/actions.yaml: an action Lakeform cannot run on Trino (notebooks), a missing file
  "unsupported-action",
  "missing-file",
  "deprecated-block",
  "multiple-statements",
  "missing-query",
  "missing-ref",
  "ambiguous-ref",
  "ref-without-output",
  "duplicate-target",
  "cycle",
  "invalid-test-input",
  // time-range incrementals (timeColumn/batchSize/begin/lookback; --start/--end)
  "invalid-time-range",
  "interval-outside-time-range",
  "protected-restatement",
  // incrementalStrategy and type: "snapshot" settings that cannot work together
  "invalid-strategy",
  "invalid-snapshot",
  // plan
  "unknown-action",
  "invalid-action-name",
  "protected-full-refresh",
  "schema-changed",
  "columns-unknown",
  "unknown-change-column",
  // targets outside Iceberg: a catalog Trino lacks, a model its catalog cannot hold, a column type it cannot store
  "unknown-catalog",
  "catalog-cannot-write",
  "unsupported-column-type",
  "column-type-mapped",
  // snapshot/insert_overwrite settings naming columns the query or table does not have
  "unknown-snapshot-column",
  // state, defer and audit (issue 15)
  "unknown-selector",
  "state-missing",
  "deferred-not-in-state",
  "audit-unsupported",
  // iceberg.maintenance policy
  "invalid-maintenance",
  // streams/*.yaml
  "stream-yaml",
  "stream-config",
  "stream-duplicate",
  "stream-schema-file",
  "stream-avro",
  "stream-schema-evolution",
  "stream-partitioning",
  "stream-field",
  "stream-column",
  "stream-json-contract",
  // dashboards
  "dashboard-unknown-column",
  // seeds/*.csv (+ seeds/*.yaml): CSV shape, header/documented columns, declared types, values
  "seed-csv",
  "seed-column",
  "seed-type",
  "seed-value",
  "seed-row-too-long",
  // governance: enforced column contracts, grants the catalog cannot apply
  "contract-violated",
  "grants-unsupported",
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];
