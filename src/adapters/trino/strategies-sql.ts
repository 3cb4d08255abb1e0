/**
 * Trino SQL of the incremental strategies (delete+insert, insert_overwrite) and of SCD type 2
 * snapshots: the values the `replace-merge`, `snapshot-table` and `snapshot-merge` templates
 * arrange. Each write is ONE MERGE, hence one Iceberg commit per run (none when nothing changed).
 */

import type { PartitionField } from "../../compile/strategy-config.js";
import type { Column, Dialect, ReplaceSpec, SnapshotMergeSpec } from "../../plan/dialect.js";
import { stripStatement } from "./checks.js";
import type { Materializations } from "./materializations.js";
import { quoteIdentifier, quoteTarget } from "./quote.js";

/** valid_from/valid_to: microseconds with a zone, the Iceberg `timestamptz` (not timestamp(3)). */
export const SNAPSHOT_TIMESTAMP = "timestamp(6) with time zone";

/**
 * The partition value Iceberg computes for a row, as SQL over `alias` (`t` = the target, "" = the
 * new rows). Iceberg's time transforms of a `timestamptz` are in UTC, hence `AT TIME ZONE 'UTC'`.
 */
function partitionValue(f: PartitionField, alias: string, type: string | undefined): string {
  const column = `${alias ? `${alias}.` : ""}${quoteIdentifier(f.column)}`;
  if (f.transform === "identity") return column;
  const utc = type !== undefined && /with time zone/i.test(type) ? `${column} AT TIME ZONE 'UTC'` : column;
  return `date_trunc('${f.transform}', ${utc})`;
}

function replaceMatches(spec: ReplaceSpec): { target: string; source: string }[] {
  if (spec.replace.kind === "keys") return spec.replace.keys.map((k) => ({ target: `t.${quoteIdentifier(k)}`, source: quoteIdentifier(k) }));
  const types = new Map(spec.columns.map((c: Column) => [c.name.toLowerCase(), c.type || undefined]));
  return spec.replace.fields.map((f) => {
    const type = types.get(f.column.toLowerCase());
    return { target: partitionValue(f, "t", type), source: partitionValue(f, "", type) };
  });
}

function validFrom(spec: SnapshotMergeSpec, alias: string): string {
  return spec.strategy === "timestamp" && spec.updatedAt !== undefined
    ? `CAST(${alias}.${quoteIdentifier(spec.updatedAt)} AS ${SNAPSHOT_TIMESTAMP})`
    : `CAST(current_timestamp AS ${SNAPSHOT_TIMESTAMP})`;
}

/** A version's id: the key and the version's valid_from, hashed. */
function snapshotId(spec: SnapshotMergeSpec, alias: string, from: string): string {
  const parts = [...spec.uniqueKey.map((k) => `CAST(${alias}${quoteIdentifier(k)} AS varchar)`), `CAST(${from} AS varchar)`];
  return `lower(to_hex(md5(to_utf8(concat_ws('|', ${parts.join(", ")})))))`;
}

function changed(spec: SnapshotMergeSpec): string[] {
  if (spec.strategy === "timestamp") return [`${validFrom(spec, "s")} > c.valid_from`];
  const checks = spec.checkColumns.map((col) => `s.${quoteIdentifier(col)} IS DISTINCT FROM c.${quoteIdentifier(col)}`);
  return checks.length ? checks : ["false"];
}

export function strategiesSql(t: Materializations): Pick<Dialect, "replaceMerge" | "snapshotTableQuery" | "snapshotMerge"> {
  return {
    replaceMerge: (spec) =>
      t["replace-merge"]({
        target: quoteTarget(spec.target),
        query: stripStatement(spec.query),
        matches: replaceMatches(spec),
        columns: spec.columns.map((c) => quoteIdentifier(c.name)),
        predicates: spec.predicates.map((p) => `(${stripStatement(p)})`),
      }),
    snapshotTableQuery: (spec) =>
      t["snapshot-table"]({
        query: stripStatement(spec.query),
        validFrom: validFrom(spec, "s"),
        snapshotId: snapshotId(spec, "s.", validFrom(spec, "s")),
        timestampType: SNAPSHOT_TIMESTAMP,
      }),
    snapshotMerge: (spec) =>
      t["snapshot-merge"]({
        target: quoteTarget(spec.target),
        query: stripStatement(spec.query),
        columns: spec.columns.map(quoteIdentifier),
        uniqueKey: spec.uniqueKey.map(quoteIdentifier),
        validFrom: validFrom(spec, "s"),
        changed: changed(spec),
        snapshotId: snapshotId(spec, "", "lf_valid_from"),
        invalidateHardDeletes: spec.invalidateHardDeletes,
        now: `CAST(current_timestamp AS ${SNAPSHOT_TIMESTAMP})`,
      }),
  };
}
