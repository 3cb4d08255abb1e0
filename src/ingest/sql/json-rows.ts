/**
 * The fast statement shape for bronze inserts:
 *
 *   INSERT INTO t (c1, …) SELECT CAST(c1 AS T1), …
 *   FROM UNNEST(CAST(json_parse('[[…],[…]]') AS ARRAY(ROW(c1 S1, …)))) AS u(c1, …)
 *
 * Trino plans a large `VALUES` list expression by expression: 2,000 rows of ROW(…) literals
 * spent 4.7 s in planning (planningTime in the query stats) for 0.2 s of CPU. One JSON string
 * literal plans in constant time (2,500 rows: ~0.75 s end to end) and is ~1/3 shorter, so
 * more rows fit under `query.max-length`.
 *
 * JSON cannot carry timestamps, dates, decimals or reals exactly as Trino casts them from
 * JSON, so those travel as text/double in a "staging" type and are CAST field by field
 * (CAST between ROW/ARRAY/MAP types applies per field). VARBINARY travels as base64 and is
 * decoded with from_base64 — possible only for top-level columns, so streams with nested
 * bytes use the VALUES shape instead (`jsonSupported`).
 */
import { AvroTimestamp } from "../avro/timestamp.js";
import { toJsonText } from "./literals.js";
import { quoteIdent, type TrinoType, typeSql } from "./trino-type.js";

export function stagingTypeSql(t: TrinoType): string {
  switch (t.kind) {
    case "timestamptz":
    case "date":
    case "decimal":
    case "varbinary":
    case "json":
      return "VARCHAR";
    case "real":
      return "DOUBLE";
    case "row":
      return `ROW(${t.fields.map((f) => `${quoteIdent(f.name)} ${stagingTypeSql(f.type)}`).join(", ")})`;
    case "array":
      return `ARRAY(${stagingTypeSql(t.element)})`;
    case "map":
      return `MAP(VARCHAR, ${stagingTypeSql(t.value)})`;
    default:
      return typeSql(t);
  }
}

function hasNestedBinary(t: TrinoType, nested: boolean): boolean {
  switch (t.kind) {
    case "varbinary":
      return nested;
    case "row":
      return t.fields.some((f) => hasNestedBinary(f.type, true));
    case "array":
      return hasNestedBinary(t.element, true);
    case "map":
      return hasNestedBinary(t.value, true);
    default:
      return false;
  }
}

export function jsonSupported(types: readonly TrinoType[]): boolean {
  return !types.some((t) => hasNestedBinary(t, false));
}

export function selectExpr(name: string, t: TrinoType): string {
  const col = quoteIdent(name);
  if (t.kind === "varbinary") return `from_base64(${col})`;
  return stagingTypeSql(t) === typeSql(t) ? col : `CAST(${col} AS ${typeSql(t)})`;
}

function fail(t: TrinoType, v: unknown): never {
  throw new TypeError(`cannot write ${typeof v} ${String(v)} as ${t.kind}`);
}

function jsonDouble(n: number): string {
  return Number.isFinite(n) ? String(n) : JSON.stringify(String(n)); // "NaN", "Infinity": Java parses them
}

/** JSON text of a value in its staging type (positional arrays for rows). */
export function renderJson(t: TrinoType, v: unknown): string {
  if (v === null || v === undefined) return "null";
  switch (t.kind) {
    case "boolean":
      return typeof v === "boolean" ? String(v) : fail(t, v);
    case "integer":
    case "bigint":
      return typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v)) ? v.toString() : fail(t, v);
    case "double":
    case "real":
      return typeof v === "number" ? jsonDouble(v) : typeof v === "bigint" ? jsonDouble(Number(v)) : fail(t, v);
    case "varchar":
      return typeof v === "string" ? JSON.stringify(v) : typeof v === "number" || typeof v === "bigint" ? JSON.stringify(v.toString()) : fail(t, v);
    case "json":
      return JSON.stringify(toJsonText(v));
    case "varbinary":
      return Buffer.isBuffer(v) ? JSON.stringify(v.toString("base64")) : fail(t, v);
    case "date":
    case "decimal":
      return typeof v === "string" ? JSON.stringify(v) : fail(t, v);
    case "timestamptz":
      if (v instanceof AvroTimestamp) return `"${v.toTrinoText()} UTC"`;
      if (v instanceof Date) return `"${AvroTimestamp.fromDate(v).toTrinoText()} UTC"`;
      return fail(t, v);
    case "row": {
      if (typeof v !== "object") return fail(t, v);
      const rec = v as Record<string, unknown>;
      return `[${t.fields.map((f) => renderJson(f.type, rec[f.source])).join(",")}]`;
    }
    case "array":
      return Array.isArray(v) ? `[${v.map((e) => renderJson(t.element, e)).join(",")}]` : fail(t, v);
    case "map": {
      if (typeof v !== "object") return fail(t, v);
      return `{${Object.entries(v as Record<string, unknown>)
        .map(([k, e]) => `${JSON.stringify(k)}:${renderJson(t.value, e)}`)
        .join(",")}}`;
    }
  }
}

/** Single quotes doubled: the JSON goes inside one SQL string literal. */
export function sqlEscape(jsonText: string): string {
  return jsonText.replace(/'/g, "''");
}

/**
 * A target column is either carried in each JSON row (`staging`/`expr` override the default
 * staging type and select expression) or a constant of the whole statement (`constant`):
 * fewer chars per row means more rows under `query.max-length`.
 */
export interface JsonColumn {
  readonly name: string;
  readonly type: TrinoType;
  readonly constant?: string;
  readonly staging?: string;
  readonly expr?: string;
}

export function jsonInsertSql(table: string, columns: readonly JsonColumn[], escapedRows: readonly string[]): string {
  const carried = columns.filter((c) => c.constant === undefined);
  const select = columns.map((c) => c.constant ?? c.expr ?? selectExpr(c.name, c.type));
  const staging = carried.map((c) => `${quoteIdent(c.name)} ${c.staging ?? stagingTypeSql(c.type)}`).join(", ");
  return (
    `INSERT INTO ${table} (${columns.map((c) => quoteIdent(c.name)).join(", ")})\nSELECT ${select.join(", ")}\n` +
    `FROM UNNEST(CAST(json_parse('[${escapedRows.join(",\n")}]') AS ARRAY(ROW(${staging})))) AS u(${carried.map((c) => quoteIdent(c.name)).join(", ")})`
  );
}

/** Epoch milliseconds (BIGINT in the JSON row) → timestamp(6) with time zone. */
export function epochMillisExpr(name: string): string {
  return `CAST(from_unixtime_nanos(${quoteIdent(name)} * 1000000) AS TIMESTAMP(6) WITH TIME ZONE)`;
}
