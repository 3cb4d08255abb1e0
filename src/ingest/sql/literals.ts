/**
 * Renders decoded Avro values as Trino SQL literals of a known column type. Literals are
 * typed so a VALUES list never depends on Trino's row-type unification guessing right:
 * doubles as `1.5E0` (a bare `1.5` is a DECIMAL literal), reals as `REAL '…'` (DOUBLE → REAL
 * is not an implicit coercion), timestamps in UTC with microseconds.
 */
import { quoteString } from "../../adapters/trino/quote.js";
import { AvroTimestamp } from "../avro/timestamp.js";
import type { TrinoType } from "./trino-type.js";

// One quoting for all Trino SQL: adapters/trino/quote.ts. The re-export keeps ingest's importers.
export { quoteString };

function jsonReplacer(_k: string, v: unknown): unknown {
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v && typeof v === "object" && (v as { type?: unknown }).type === "Buffer" && Array.isArray((v as { data?: unknown }).data)) {
    return Buffer.from((v as { data: number[] }).data).toString("base64");
  }
  return v;
}

export function toJsonText(v: unknown): string {
  return JSON.stringify(v, jsonReplacer);
}

function double(n: number): string {
  if (Number.isNaN(n)) return "nan()";
  if (n === Infinity) return "infinity()";
  if (n === -Infinity) return "-infinity()";
  // toExponential() without digits is the shortest text that round-trips
  return n.toExponential().toUpperCase();
}

function fail(t: TrinoType, v: unknown): never {
  throw new TypeError(`cannot render ${typeof v} ${String(v)} as ${t.kind}`);
}

export function renderLiteral(t: TrinoType, v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  switch (t.kind) {
    case "boolean":
      return typeof v === "boolean" ? (v ? "TRUE" : "FALSE") : fail(t, v);
    case "integer":
    case "bigint":
      if (typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) return v.toString();
      return fail(t, v);
    case "double":
      return typeof v === "number" ? double(v) : typeof v === "bigint" ? double(Number(v)) : fail(t, v);
    case "real":
      if (typeof v !== "number") return fail(t, v);
      return Number.isFinite(v) ? `REAL '${v}'` : `CAST(${double(v)} AS REAL)`;
    case "varchar":
      if (typeof v === "string") return quoteString(v);
      if (typeof v === "bigint" || typeof v === "number") return quoteString(v.toString());
      return fail(t, v);
    case "json":
      return quoteString(toJsonText(v));
    case "varbinary":
      return Buffer.isBuffer(v) ? `X'${v.toString("hex")}'` : fail(t, v);
    case "date":
      return typeof v === "string" ? `DATE '${v}'` : fail(t, v);
    case "timestamptz":
      if (v instanceof AvroTimestamp) return `TIMESTAMP '${v.toTrinoText()} UTC'`;
      if (v instanceof Date) return `TIMESTAMP '${AvroTimestamp.fromDate(v).toTrinoText()} UTC'`;
      return fail(t, v);
    case "decimal":
      return typeof v === "string" ? `DECIMAL '${v}'` : fail(t, v);
    case "row": {
      if (typeof v !== "object") return fail(t, v);
      const rec = v as Record<string, unknown>;
      return `ROW(${t.fields.map((f) => renderLiteral(f.type, rec[f.source])).join(", ")})`;
    }
    case "array":
      return Array.isArray(v) ? `ARRAY[${v.map((e) => renderLiteral(t.element, e)).join(", ")}]` : fail(t, v);
    case "map": {
      if (typeof v !== "object") return fail(t, v);
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) return "MAP()";
      return `MAP(ARRAY[${entries.map(([k]) => quoteString(k)).join(", ")}], ARRAY[${entries.map(([, e]) => renderLiteral(t.value, e)).join(", ")}])`;
    }
  }
}
