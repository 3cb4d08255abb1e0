/**
 * Incremental strategies and SCD type 2 snapshots at compile time: `incrementalStrategy` is
 * normalised (Lakeform's, dbt's and Dataform's spellings) and checked against the rest of the
 * config; a `type: "snapshot"` config becomes an incremental config plus a `SnapshotSpec`, so
 * plan, run, locks and lineage treat a snapshot as the incremental table it is.
 */

import type { Diagnostic, SourceLocation } from "../common/errors.js";
import type { IncrementalConfig, SnapshotConfig } from "./config-schema.js";
import type { IncrementalStrategy, SnapshotSpec } from "./graph.js";

/** Columns every snapshot table adds to its query's columns. */
export const SNAPSHOT_COLUMNS = ["snapshot_id", "valid_from", "valid_to", "is_current"] as const;

export type PartitionTransform = "identity" | "year" | "month" | "day" | "hour";

/** One Iceberg partition field that insert_overwrite can recompute from a row: `day(ts)`, `region`. */
export interface PartitionField {
  readonly transform: PartitionTransform;
  readonly column: string;
}

const TRANSFORM = /^\s*(year|month|day|hour)\s*\(\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s*\)\s*$/i;
const IDENTITY = /^\s*("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_]*)\s*$/;

function unquote(name: string): string {
  return name.startsWith('"') ? name.slice(1, -1).replaceAll('""', '"') : name;
}

/** The partition field a partitioning entry names, or why insert_overwrite cannot use it. */
export function parsePartitionField(spec: string): PartitionField | { readonly unsupported: string } {
  const t = TRANSFORM.exec(spec);
  if (t?.[1] && t[2]) return { transform: t[1].toLowerCase() as PartitionTransform, column: unquote(t[2]) };
  const i = IDENTITY.exec(spec);
  if (i?.[1]) return { transform: "identity", column: unquote(i[1]) };
  return { unsupported: spec };
}

export function normalizeStrategy(raw: string | undefined): IncrementalStrategy | undefined {
  switch (raw?.toUpperCase()) {
    case undefined:
    case "INCREMENTAL_STRATEGY_UNSPECIFIED":
      return undefined;
    case "MERGE":
    case "INCREMENTAL_STRATEGY_MERGE":
      return "merge";
    case "APPEND":
      return "append";
    case "DELETE+INSERT":
      return "delete+insert";
    case "INSERT_OVERWRITE":
    case "INCREMENTAL_STRATEGY_INSERT_OVERWRITE":
      return "insert_overwrite";
    default:
      return undefined;
  }
}

type Locate = (key: string) => SourceLocation;

/** Mistakes of an incremental config's strategy (a missing key, partitions it cannot recompute). */
export function checkIncrementalStrategy(c: IncrementalConfig, locate: Locate): Diagnostic[] {
  const strategy = normalizeStrategy(c.incrementalStrategy);
  const keyed = c.uniqueKey !== undefined && c.uniqueKey.length > 0;
  const error = (message: string, hint: string): Diagnostic[] => [{ severity: "error", code: "invalid-strategy", message, location: locate("incrementalStrategy"), hint }];
  if ((strategy === "merge" || strategy === "delete+insert") && !keyed) {
    return error(`incrementalStrategy "${c.incrementalStrategy ?? ""}" needs a uniqueKey`, 'set uniqueKey: ["…"], or use incrementalStrategy: "append"');
  }
  if (strategy !== "insert_overwrite") return [];
  const partitioning = c.iceberg?.partitioning ?? [];
  if (partitioning.length === 0) return error(`incrementalStrategy "${c.incrementalStrategy ?? ""}" replaces whole partitions, but the table is not partitioned`, 'set iceberg: { partitioning: ["day(ts)"] }');
  const bad = partitioning.map(parsePartitionField).filter((f) => "unsupported" in f);
  if (bad.length) {
    return error(
      `incrementalStrategy "${c.incrementalStrategy ?? ""}" cannot recompute the partition ${bad.map((f) => `"${f.unsupported}"`).join(", ")} of a new row`,
      "insert_overwrite supports identity, year(), month(), day() and hour() partitioning; use delete+insert for bucket() or truncate()",
    );
  }
  return [];
}

export interface SnapshotPrepared {
  readonly config: IncrementalConfig;
  readonly snapshot: SnapshotSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/** A snapshot's config as the incremental config it runs as, with its SCD2 settings and mistakes. */
export function prepareSnapshot(c: SnapshotConfig, locate: Locate, fallback: SourceLocation): SnapshotPrepared {
  const diagnostics: Diagnostic[] = [];
  const error = (key: string | undefined, message: string, hint: string, code: "invalid-snapshot" | "unknown-snapshot-column" = "invalid-snapshot"): void =>
    void diagnostics.push({ severity: "error", code, message, location: key ? locate(key) : fallback, hint });
  const uniqueKey = c.uniqueKey === undefined ? [] : typeof c.uniqueKey === "string" ? [c.uniqueKey] : c.uniqueKey;
  if (uniqueKey.length === 0) error("type", "a snapshot needs a uniqueKey (the business key whose versions it keeps)", 'set uniqueKey: ["id"]');
  const strategy = c.strategy ?? (c.updatedAt !== undefined ? "timestamp" : "check");
  if (strategy === "timestamp" && c.updatedAt === undefined) error("strategy", 'strategy "timestamp" needs updatedAt (the column that grows when a row changes)', 'set updatedAt: "updated_at", or use strategy: "check"');
  if (strategy === "check" && c.updatedAt !== undefined) error("updatedAt", 'updatedAt is only read by strategy "timestamp"', 'remove updatedAt, or set strategy: "timestamp"');
  if (strategy === "timestamp" && c.checkColumns !== undefined) error("checkColumns", 'checkColumns is only read by strategy "check"', 'remove checkColumns, or set strategy: "check"');
  const checkColumns = Array.isArray(c.checkColumns) ? c.checkColumns : undefined;
  // Columns the config names, checked against the documented ones when there are any (the query's
  // real columns are checked again when the plan knows them).
  const documented = Object.keys(c.columns ?? {}).map((n) => n.toLowerCase());
  const named: [string, string][] = [...uniqueKey.map((k): [string, string] => ["uniqueKey", k]), ...(c.updatedAt ? [["updatedAt", c.updatedAt] as [string, string]] : []), ...(checkColumns ?? []).map((k): [string, string] => ["checkColumns", k])];
  for (const [key, column] of named) {
    if ((SNAPSHOT_COLUMNS as readonly string[]).includes(column.toLowerCase())) error(key, `${key} names "${column}", a column the snapshot adds itself`, `${SNAPSHOT_COLUMNS.join(", ")} are the snapshot's own columns`);
    else if (documented.length && !documented.includes(column.toLowerCase())) error(key, `${key} names "${column}", which is not one of the documented columns`, `columns: ${Object.keys(c.columns ?? {}).join(", ")}`, "unknown-snapshot-column");
  }
  for (const name of Object.keys(c.columns ?? {})) {
    if ((SNAPSHOT_COLUMNS as readonly string[]).includes(name.toLowerCase())) error("columns", `the query may not have a column "${name}": the snapshot adds it`, "rename the column in the query");
  }
  const { strategy: _s, updatedAt: _u, checkColumns: _c, invalidateHardDeletes: _i, type: _t, ...rest } = c;
  const config: IncrementalConfig = { ...rest, uniqueKey, protected: true, onSchemaChange: "IGNORE" };
  const columnsKey = checkColumns ? "checkColumns" : c.updatedAt ? "updatedAt" : undefined;
  const snapshot: SnapshotSpec = {
    strategy,
    ...(strategy === "timestamp" && c.updatedAt ? { updatedAt: c.updatedAt } : {}),
    ...(strategy === "check" && checkColumns ? { checkColumns } : {}),
    invalidateHardDeletes: c.invalidateHardDeletes === true,
    ...(columnsKey ? { columnsLocation: locate(columnsKey) } : {}),
  };
  return { config, snapshot, diagnostics };
}

/** The IncrementalAction fields of a strategy and a snapshot (absent when not configured). */
export function strategyFields(raw: string | undefined, snapshot: SnapshotSpec | undefined): { incrementalStrategy?: IncrementalStrategy; snapshot?: SnapshotSpec } {
  const strategy = normalizeStrategy(raw);
  return { ...(strategy ? { incrementalStrategy: strategy } : {}), ...(snapshot ? { snapshot } : {}) };
}
