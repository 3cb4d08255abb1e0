/**
 * The Parquet path into bronze (`lakeform ingest --sink parquet`), pure parts.
 *
 * Trino 476 registers Parquet files in an Iceberg table with `ALTER TABLE … EXECUTE add_files`,
 * but only in an unpartitioned table ("The procedure does not support partitioned tables"), and
 * bronze is partitioned. So each batch goes:
 *
 *   Parquet file (written here) → S3 → add_files into an unpartitioned staging table
 *   → INSERT INTO bronze SELECT … FROM staging WHERE "$path" = <that file>   (one bronze commit)
 *
 * The staging table is dropped (which purges the files it references) and created again at start
 * and every so many batches (sink.ts), so it never grows large.
 *
 * The staging table has the columns of the JSON row shape (json-rows.ts) in types Parquet and
 * JSON both carry exactly (timestamps, dates, decimals and bytes as text, reals as doubles), so
 * the INSERT … SELECT uses the same casts the JSON statement does. Trino reads the files by
 * column name (they carry no Iceberg field ids). ARRAY and MAP columns are not supported here.
 */
import { quoteString } from "../sql/literals.js";
import { selectExpr, type JsonColumn } from "../sql/json-rows.js";
import type { TableRef } from "../stream-decl.js";
import { tableSql } from "../sql/table-ref.js";
import { quoteIdent, type TrinoType, typeSql } from "../sql/trino-type.js";

/** What a staging column holds: a subset of Trino types that JSON rows and Parquet agree on. */
export type StagingType =
  | { readonly kind: "boolean" | "integer" | "bigint" | "double" | "varchar" }
  | { readonly kind: "row"; readonly fields: readonly { readonly name: string; readonly type: StagingType }[] };

export interface StagingColumn {
  readonly name: string;
  readonly type: StagingType;
}

export class ParquetUnsupportedError extends Error {}

/** The staging type of a bronze column's JSON-row value (see `stagingTypeSql` in json-rows.ts). */
export function stagingType(t: TrinoType, column: string): StagingType {
  switch (t.kind) {
    case "boolean":
    case "integer":
    case "bigint":
    case "double":
    case "varchar":
      return { kind: t.kind };
    case "real":
      return { kind: "double" };
    case "timestamptz":
    case "date":
    case "decimal":
    case "varbinary":
    case "json":
      return { kind: "varchar" };
    case "row":
      return { kind: "row", fields: t.fields.map((f) => ({ name: f.name, type: stagingType(f.type, `${column}.${f.name}`) })) };
    case "array":
    case "map":
      throw new ParquetUnsupportedError(`column ${column} is ${t.kind.toUpperCase()}: the Parquet sink writes scalars and ROWs only`);
  }
}

function stagingSql(t: StagingType): string {
  if (t.kind === "row") return `ROW(${t.fields.map((f) => `${quoteIdent(f.name)} ${stagingSql(f.type)}`).join(", ")})`;
  return typeSql(t);
}

/** Columns carried in each row (not statement constants), in JSON-row order. */
export function stagingColumns(columns: readonly JsonColumn[]): StagingColumn[] {
  return columns
    .filter((c) => c.constant === undefined)
    .map((c) => ({ name: c.name, type: c.staging === "BIGINT" ? { kind: "bigint" } : stagingType(c.type, c.name) }));
}

export function stagingTable(target: TableRef): TableRef {
  return { ...target, table: `${target.table}__lakeform_staging` };
}

export function createStagingSql(staging: TableRef, columns: readonly StagingColumn[]): string {
  const cols = columns.map((c) => `  ${quoteIdent(c.name)} ${stagingSql(c.type)}`).join(",\n");
  return `CREATE TABLE ${tableSql(staging)} (\n${cols}\n)\nWITH (format = 'PARQUET', format_version = 2)`;
}

export function addFilesSql(staging: TableRef, directory: string): string {
  return `ALTER TABLE ${tableSql(staging)} EXECUTE add_files(location => ${quoteString(directory)}, format => 'PARQUET')`;
}

export function countFileSql(staging: TableRef, file: string): string {
  return `SELECT count(*) FROM ${tableSql(staging)} WHERE "$path" = ${quoteString(file)}`;
}

/** The JSON statement's SELECT list (same constants, casts and expressions), over one staged file. */
export function insertFromStagingSql(target: TableRef, staging: TableRef, columns: readonly JsonColumn[], file: string): string {
  const select = columns.map((c) => c.constant ?? c.expr ?? selectExpr(c.name, c.type));
  return (
    `INSERT INTO ${tableSql(target)} (${columns.map((c) => quoteIdent(c.name)).join(", ")})\n` +
    `SELECT ${select.join(", ")}\nFROM ${tableSql(staging)}\nWHERE "$path" = ${quoteString(file)}`
  );
}

// ---- rows → Parquet columns ------------------------------------------------------------------

/**
 * Parses one JSON row as the ingester rendered it (`[…payload, …system, end, hw]`, SQL-escaped),
 * keeping integers beyond 2^53 exact.
 */
export function parseJsonRow(escaped: string): unknown[] {
  const text = escaped.replaceAll("''", "'");
  return JSON.parse(text, (_key, value: unknown, context?: { source?: string }) =>
    typeof value === "number" && !Number.isSafeInteger(value) && context?.source !== undefined && /^-?\d+$/.test(context.source) ? BigInt(context.source) : value,
  ) as unknown[];
}

function convert(t: StagingType, v: unknown, where: string): unknown {
  if (v === null || v === undefined) return null;
  switch (t.kind) {
    case "boolean":
      if (typeof v === "boolean") return v;
      break;
    case "integer":
      if (typeof v === "number" && Number.isInteger(v)) return v;
      break;
    case "bigint":
      if (typeof v === "bigint") return v;
      if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
      break;
    case "double":
      // "NaN" / "Infinity" travel as strings in JSON rows
      if (typeof v === "number" || typeof v === "string") return Number(v);
      if (typeof v === "bigint") return Number(v);
      break;
    case "varchar":
      if (typeof v === "string") return v;
      break;
    case "row":
      if (Array.isArray(v)) return Object.fromEntries(t.fields.map((f, i) => [f.name, convert(f.type, v[i], `${where}.${f.name}`)]));
      break;
  }
  throw new TypeError(`cannot write ${JSON.stringify(String(v))} as ${t.kind} (${where})`);
}

/** Column-major values for the Parquet writer, one array per staging column. */
export function toColumns(columns: readonly StagingColumn[], rows: readonly (readonly unknown[])[]): unknown[][] {
  const out = columns.map(() => new Array<unknown>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== columns.length) throw new TypeError(`row ${r} has ${row.length} values for ${columns.length} staging columns`);
    for (let c = 0; c < columns.length; c++) out[c]![r] = convert(columns[c]!.type, row[c], columns[c]!.name);
  }
  return out;
}

/** Parquet schema elements (flattened tree, every field OPTIONAL) for the staging columns. */
export interface ParquetSchemaElement {
  readonly name: string;
  readonly type?: "BOOLEAN" | "INT32" | "INT64" | "DOUBLE" | "BYTE_ARRAY";
  readonly converted_type?: "UTF8";
  readonly repetition_type?: "OPTIONAL";
  readonly num_children?: number;
}

export function parquetSchema(columns: readonly StagingColumn[]): ParquetSchemaElement[] {
  const out: ParquetSchemaElement[] = [{ name: "root", num_children: columns.length }];
  const add = (name: string, t: StagingType): void => {
    switch (t.kind) {
      case "boolean":
        out.push({ name, type: "BOOLEAN", repetition_type: "OPTIONAL" });
        return;
      case "integer":
        out.push({ name, type: "INT32", repetition_type: "OPTIONAL" });
        return;
      case "bigint":
        out.push({ name, type: "INT64", repetition_type: "OPTIONAL" });
        return;
      case "double":
        out.push({ name, type: "DOUBLE", repetition_type: "OPTIONAL" });
        return;
      case "varchar":
        out.push({ name, type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "OPTIONAL" });
        return;
      case "row":
        out.push({ name, repetition_type: "OPTIONAL", num_children: t.fields.length });
        for (const f of t.fields) add(f.name, f.type);
    }
  };
  for (const c of columns) add(c.name, c.type);
  return out;
}
