/**
 * BigQuery `partitionBy` expressions → Iceberg partition transforms, where the two partition the
 * same way. BigQuery has one partition column; Iceberg transforms are `day(ts)`, `month(ts)`,
 * `truncate(n, W)`, …. Anything else is reported, never guessed.
 */

export type PartitionMapping = { readonly transform: string } | { readonly reason: string };

const IDENT = String.raw`\`?([A-Za-z_][A-Za-z0-9_]*)\`?`;
const UNITS: Readonly<Record<string, string>> = { HOUR: "hour", DAY: "day", MONTH: "month", YEAR: "year" };

export function mapBigQueryPartition(expression: string): PartitionMapping {
  const e = expression.trim();
  if (/_PARTITION(DATE|TIME)\b/i.test(e)) {
    return { reason: "ingestion-time partitioning (_PARTITIONDATE/_PARTITIONTIME) has no Iceberg equivalent: partition on a column of the table" };
  }
  let m = new RegExp(`^${IDENT}$`).exec(e);
  // A bare BigQuery partition column is a DATE (daily partitions); day() of a date is the date.
  if (m) return { transform: `day(${m[1]})` };
  m = new RegExp(`^DATE\\s*\\(\\s*${IDENT}\\s*\\)$`, "i").exec(e);
  if (m) return { transform: `day(${m[1]})` };
  m = new RegExp(`^(?:TIMESTAMP|DATETIME|DATE)_TRUNC\\s*\\(\\s*${IDENT}\\s*,\\s*([A-Za-z]+)\\s*\\)$`, "i").exec(e);
  if (m) {
    const unit = UNITS[(m[2] ?? "").toUpperCase()];
    return unit ? { transform: `${unit}(${m[1]})` } : { reason: `Iceberg has no ${m[2]} partition transform (hour, day, month, year)` };
  }
  m = new RegExp(`^RANGE_BUCKET\\s*\\(\\s*${IDENT}\\s*,\\s*GENERATE_ARRAY\\s*\\(\\s*(-?\\d+)\\s*,\\s*(-?\\d+)\\s*,\\s*(\\d+)\\s*\\)\\s*\\)$`, "i").exec(e);
  if (m) {
    const start = Number(m[2]);
    const width = Number(m[4]);
    // truncate(n, W) buckets [kW, (k+1)W): the same ranges when the BigQuery ranges start on a multiple of W.
    // (bucket(n, N) hashes, so it would not keep ranges together.)
    if (width > 0 && start % width === 0) return { transform: `truncate(${m[1]}, ${width})` };
    return { reason: `ranges starting at ${start} with width ${width} are not aligned to multiples of the width, which Iceberg's truncate() needs` };
  }
  return { reason: "not a partition expression Lakeform can map (DATE(col), TIMESTAMP_TRUNC/DATETIME_TRUNC/DATE_TRUNC(col, HOUR|DAY|MONTH|YEAR), RANGE_BUCKET(col, GENERATE_ARRAY(start, end, step)) or a DATE column)" };
}
