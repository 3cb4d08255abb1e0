/**
 * Field values from files → the JS values bronze's row renderers take (`renderJson`): bigint
 * or integer numbers, numbers, strings, `YYYY-MM-DD` dates, exact decimal strings and
 * `AvroTimestamp`s. A value that does not fit its column throws `FieldError`, which dead-letters
 * the record (with the column and the text) instead of failing the batch in Trino.
 */
import { AvroTimestamp, inLiteralRange } from "../avro/timestamp.js";
import type { TrinoType } from "../sql/trino-type.js";

export class FieldError extends Error {}

export interface NumberStyle {
  readonly decimal: "." | ",";
  readonly thousands: string | undefined;
  readonly dateFormat: "iso" | "dd/MM/yyyy";
}

export const PLAIN: NumberStyle = { decimal: ".", thousands: undefined, dateFormat: "iso" };

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INT32 = 2 ** 31;
const INT64_MAX = 2n ** 63n - 1n;

export function normalizeNumber(text: string, style: NumberStyle): string {
  let t = text.trim();
  if (style.thousands && t.includes(style.thousands)) {
    // grouped digits must be groups of three: "1.234,5" yes, "12.5" (with "," as decimal) no
    const [int = ""] = t.split(style.decimal);
    const groups = int.replace(/^[+-]/, "").split(style.thousands);
    if (groups.slice(1).some((g) => !/^\d{3}$/.test(g)) || !/^\d{1,3}$/.test(groups[0] ?? "")) throw new FieldError(`"${text}" is not a number (digits grouped by "${style.thousands}" come in threes)`);
    t = t.split(style.thousands).join("");
  }
  if (style.decimal === ",") {
    if (t.includes(".") && style.thousands !== ".") throw new FieldError(`"${text}" has a "." but the decimal separator is ","`);
    t = t.replace(",", ".");
  }
  return t;
}

/** Dates repeat within a file: the last results, per style (bounded; parseDate is pure). */
const DATE_MEMO = { iso: new Map<string, string>(), "dd/MM/yyyy": new Map<string, string>() };

export function parseDate(text: string, style: NumberStyle): string {
  const memo = DATE_MEMO[style.dateFormat];
  const known = memo.get(text);
  if (known !== undefined) return known;
  const d = parseDateText(text, style);
  if (memo.size >= 10_000) memo.clear();
  memo.set(text, d);
  return d;
}

function parseDateText(text: string, style: NumberStyle): string {
  const t = text.trim();
  let y: string | undefined, m: string | undefined, d: string | undefined;
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) [, y, m, d] = iso;
  else if (style.dateFormat === "dd/MM/yyyy") {
    const br = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
    if (br) [, d, m, y] = br;
  }
  if (!y || !m || !d) throw new FieldError(`"${text}" is not a date (${style.dateFormat === "iso" ? "YYYY-MM-DD" : "YYYY-MM-DD or dd/MM/yyyy"})`);
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d) || Number(y) < 1) throw new FieldError(`"${text}" is not a valid date`);
  return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
}

/** ISO-8601 instant; without an offset it is taken as UTC. Microseconds kept. */
export function parseTimestamp(text: string): AvroTimestamp {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (!m) throw new FieldError(`"${text}" is not an ISO-8601 timestamp`);
  const [, day, hh = "00", mm = "00", ss = "00", frac = "", zone] = m;
  let offsetMin = 0;
  if (zone && !/^(z|utc)$/i.test(zone)) {
    const z = zone.replace(":", "");
    offsetMin = (z.startsWith("-") ? -1 : 1) * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5)));
  }
  const ms = Date.parse(`${day}T${hh}:${mm}:${ss}Z`);
  if (Number.isNaN(ms)) throw new FieldError(`"${text}" is not a valid timestamp`);
  const micros = BigInt(ms - offsetMin * 60_000) * 1000n + BigInt((frac + "000000").slice(0, 6));
  if (!inLiteralRange(micros)) throw new FieldError(`"${text}" is outside the years 1–9999`);
  return new AvroTimestamp(micros);
}

/**
 * `decimalText`'s common case without regular expressions: digits with at most one ".", no more
 * places than the scale, no leading zeros (each of those is what the general path would return
 * unchanged); undefined for anything else, which takes the general path.
 */
function plainDecimal(t: Extract<TrinoType, { kind: "decimal" }>, n: string): string | undefined {
  let i = n.charCodeAt(0) === 45 /* - */ ? 1 : 0;
  const start = i;
  let dot = -1;
  for (; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c === 46 /* . */ && dot < 0) dot = i;
    else if (c < 48 || c > 57) return undefined;
  }
  const intDigits = (dot < 0 ? n.length : dot) - start;
  const places = dot < 0 ? 0 : n.length - dot - 1;
  if (intDigits === 0 || (intDigits > 1 && n.charCodeAt(start) === 48) || places > t.scale || (dot >= 0 && places === 0)) return undefined;
  if (intDigits > t.precision - t.scale && !(intDigits === 1 && n.charCodeAt(start) === 48)) return undefined;
  if (start === 1 && /^-0(\.0*)?$/.test(n)) return undefined;
  if (places === t.scale) return n;
  if (t.scale === 0) return n;
  return `${n}${dot < 0 ? "." : ""}${"0".repeat(t.scale - places)}`;
}

function decimalText(t: Extract<TrinoType, { kind: "decimal" }>, numeric: string, original: string): string {
  const fast = plainDecimal(t, numeric);
  if (fast !== undefined) return fast;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(numeric);
  // at least one digit: "", "-" and "." are not zero
  if (!m || (!m[2] && !m[3])) throw new FieldError(`"${original}" is not a decimal`);
  const [, sign = "", int = "", frac = ""] = m;
  if (frac.replace(/0+$/, "").length > t.scale) throw new FieldError(`"${original}" has more than ${t.scale} decimal places`);
  const i = int.replace(/^0+(?=\d)/, "") || "0";
  if (i.length > t.precision - t.scale && i !== "0") throw new FieldError(`"${original}" does not fit DECIMAL(${t.precision}, ${t.scale})`);
  const f = frac.padEnd(t.scale, "0").slice(0, t.scale);
  return `${sign === "-" ? "-" : ""}${i}${t.scale ? `.${f}` : ""}`;
}

function integer(t: TrinoType, text: string, n: string): bigint | number {
  if (!INT.test(n)) throw new FieldError(`"${text}" is not an integer`);
  // up to 15 digits a double is exact and within both ranges but INTEGER's: no BigInt needed
  if (n.length <= 15 && (t.kind !== "integer" || n.length <= 9)) return Number(n);
  const b = BigInt(n);
  if (t.kind === "integer" && (b < -BigInt(INT32) || b >= BigInt(INT32))) throw new FieldError(`"${text}" does not fit an INTEGER`);
  if (b > INT64_MAX || b < -INT64_MAX - 1n) throw new FieldError(`"${text}" does not fit a BIGINT`);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

const TRUE = new Set(["true", "t", "1", "yes", "y", "sim", "s"]);
const FALSE = new Set(["false", "f", "0", "no", "n", "não", "nao"]);

/** A CSV field's text as a value of `t` (null markers are handled by the caller). */
export function fromText(t: TrinoType, text: string, style: NumberStyle): unknown {
  switch (t.kind) {
    case "varchar":
    case "json":
      return text;
    case "boolean": {
      const l = text.trim().toLowerCase();
      if (TRUE.has(l)) return true;
      if (FALSE.has(l)) return false;
      throw new FieldError(`"${text}" is not a boolean`);
    }
    case "integer":
    case "bigint":
      return integer(t, text, normalizeNumber(text, style));
    case "real":
    case "double": {
      const n = normalizeNumber(text, style);
      if (!NUM.test(n)) throw new FieldError(`"${text}" is not a number`);
      return Number(n);
    }
    case "decimal":
      return decimalText(t, normalizeNumber(text, style), text);
    case "date":
      return parseDate(text, style);
    case "timestamptz":
      return parseTimestamp(text);
    default:
      throw new FieldError(`a ${t.kind} column cannot be read from text`);
  }
}

/** A JSON (or Parquet) value as a value of `t`; nested rows, arrays and maps recursively. */
export function fromValue(t: TrinoType, v: unknown, path: string): unknown {
  if (v === null || v === undefined) return null;
  const bad = (what: string): never => {
    throw new FieldError(`${path}: ${what}, got ${typeof v === "object" ? JSON.stringify(v)?.slice(0, 80) : JSON.stringify(String(v))}`);
  };
  switch (t.kind) {
    case "varchar":
      return typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" || typeof v === "boolean" ? String(v) : bad("expected a string");
    case "json":
      return v;
    case "boolean":
      return typeof v === "boolean" ? v : bad("expected a boolean");
    case "integer":
    case "bigint":
      if (typeof v === "bigint") return integer(t, String(v), String(v));
      if (typeof v === "number" && Number.isInteger(v)) return integer(t, String(v), String(v));
      if (typeof v === "string" && INT.test(v.trim())) return integer(t, v, v.trim());
      return bad("expected an integer");
    case "real":
    case "double":
      if (typeof v === "number") return v;
      if (typeof v === "bigint") return Number(v);
      if (typeof v === "string" && NUM.test(v.trim())) return Number(v);
      return bad("expected a number");
    case "decimal":
      if (typeof v === "number" || typeof v === "bigint") return decimalText(t, typeof v === "number" ? v.toFixed(Math.min(t.scale, 20)) : String(v), String(v));
      if (typeof v === "string") return decimalText(t, v.trim(), v);
      return bad("expected a decimal");
    case "date":
      if (v instanceof Date) return v.toISOString().slice(0, 10);
      if (typeof v === "string") return parseDate(v, PLAIN);
      return bad("expected a date (YYYY-MM-DD)");
    case "timestamptz":
      if (v instanceof Date) return AvroTimestamp.fromDate(v);
      if (typeof v === "string") return parseTimestamp(v);
      if (typeof v === "number" && Number.isInteger(v)) return AvroTimestamp.fromMillis(v);
      return bad("expected an ISO-8601 timestamp");
    case "varbinary":
      if (v instanceof Uint8Array) return Buffer.from(v);
      if (typeof v === "string") return Buffer.from(v, "base64");
      return bad("expected bytes (base64)");
    case "row": {
      if (typeof v !== "object" || Array.isArray(v)) return bad("expected an object");
      const rec = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of t.fields) out[f.source] = fromValue(f.type, rec[f.source], `${path}.${f.source}`);
      return out;
    }
    case "array":
      return Array.isArray(v) ? v.map((e, i) => fromValue(t.element, e, `${path}[${i}]`)) : bad("expected an array");
    case "map": {
      if (typeof v !== "object" || Array.isArray(v)) return bad("expected an object");
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(v as Record<string, unknown>)) out[k] = fromValue(t.value, e, `${path}.${k}`);
      return out;
    }
  }
}
