/**
 * A file-landing batch as a Parquet file with bronze's exact column types, pure parts.
 *
 * The fast path into bronze: the batch's rows become one Parquet file whose columns carry the
 * Iceberg types themselves (INT64 for BIGINT, DECIMAL as INT64 or fixed bytes, DATE as INT32 days,
 * `timestamp(6) with time zone` as INT64 microseconds adjusted to UTC), so Trino registers it with
 * `add_files` — one commit, no SQL text to parse, no casts — instead of reading the rows out of an
 * `INSERT` statement. The bookkeeping columns (`_batch_end_line`, `_file_done`, …) are columns of
 * the same file, so the rows and the batch's progress are still one commit (progress.ts).
 *
 * Invariant: a value is written exactly as the SQL path (json-rows.ts `renderJson` + the casts of
 * `jsonInsertSql`) would store it, and a value that path refuses is refused here too (TypeError).
 * ROW, ARRAY and MAP columns are not written this way (`parquetLandable` says why); such streams
 * keep the SQL path.
 *
 * The file is encoded off the main thread (parquet/encoder.ts, parquet/landing-encode.ts), so a
 * batch crosses a thread boundary as `PackedColumn`s: numbers in a Float64Array (moved, not
 * copied), a batch constant once, anything else as a plain array.
 */
import { AvroTimestamp } from "../avro/timestamp.js";
import type { ColumnSpec } from "../sql/ddl.js";
import { toJsonText } from "../sql/literals.js";
import type { TrinoType } from "../sql/trino-type.js";

/** A Parquet schema element (parquet-format's SchemaElement, the fields we use). */
export interface ParquetElement {
  readonly name: string;
  readonly type: "BOOLEAN" | "INT32" | "INT64" | "FLOAT" | "DOUBLE" | "BYTE_ARRAY" | "FIXED_LEN_BYTE_ARRAY";
  readonly repetition_type: "OPTIONAL";
  readonly converted_type?: "UTF8" | "DATE" | "DECIMAL";
  readonly logical_type?: { readonly type: "TIMESTAMP"; readonly isAdjustedToUTC: true; readonly unit: "MICROS" };
  readonly precision?: number;
  readonly scale?: number;
  readonly type_length?: number;
}

export interface LandingColumn {
  readonly name: string;
  readonly element: ParquetElement;
  /** a value as the reader produced it (coerce.ts) → what the Parquet writer takes; null stays null */
  readonly convert: (v: unknown) => unknown;
}

const DAY_MS = 86_400_000;

function refuse(t: TrinoType, v: unknown): never {
  throw new TypeError(`cannot write ${typeof v} ${String(v)} as ${t.kind}`);
}

/** Bytes a two's-complement unscaled value of `precision` digits needs (Parquet's FIXED_LEN_BYTE_ARRAY DECIMAL). */
export function decimalBytes(precision: number): number {
  return Math.ceil((precision * Math.log2(10) + 1) / 8);
}

/** `"-12.5"` at scale 2 → `-1250n`; more places than the scale is an error (never a rounding). */
export function unscaledDecimal(text: string, scale: number): bigint {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && !m[3])) throw new TypeError(`cannot write "${text}" as decimal`);
  const [, sign = "", int = "", frac = ""] = m;
  if (frac.replace(/0+$/, "").length > scale) throw new TypeError(`"${text}" has more than ${scale} decimal places`);
  const digits = `${int}${frac.padEnd(scale, "0").slice(0, scale)}` || "0";
  const n = BigInt(digits);
  return sign === "-" ? -n : n;
}

/**
 * `unscaledDecimal` as a number, without a regular expression or a BigInt, for the texts coerce.ts
 * produces (`-?digits[.digits]`, at most 15 digits in all: exact in a double); anything else,
 * or more digits, takes `unscaledDecimal` (then `safe`).
 */
export function unscaledDecimalNumber(text: string, scale: number): number | bigint {
  const neg = text.charCodeAt(0) === 45;
  let n = 0;
  let digits = 0;
  let places = -1;
  for (let i = neg ? 1 : 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && places < 0) places = 0;
    else if (c >= 48 && c <= 57) {
      n = n * 10 + (c - 48);
      digits++;
      if (places >= 0) places++;
    } else return safe(unscaledDecimal(text, scale));
  }
  if (places < 0) places = 0;
  if (digits === 0 || digits + (scale - places) > 15 || places > scale) return safe(unscaledDecimal(text, scale));
  for (let k = places; k < scale; k++) n *= 10;
  return neg ? -n : n;
}

/** `YYYY-MM-DD` → days since 1970-01-01, remembered for the next row (dates repeat in a file). */
function dateConverter(t: TrinoType): (v: unknown) => number {
  const seen = new Map<string, number>();
  return (v) => {
    if (typeof v !== "string") return refuse(t, v);
    let d = seen.get(v);
    if (d === undefined) {
      const m = /^(-?\d{4,})-(\d{2})-(\d{2})$/.exec(v);
      if (!m) return refuse(t, v);
      d = Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS);
      if (seen.size >= 10_000) seen.clear();
      seen.set(v, d);
    }
    return d;
  };
}

function element(name: string, t: TrinoType): ParquetElement | undefined {
  const base = { name, repetition_type: "OPTIONAL" } as const;
  switch (t.kind) {
    case "boolean":
      return { ...base, type: "BOOLEAN" };
    case "integer":
      return { ...base, type: "INT32" };
    case "bigint":
      return { ...base, type: "INT64" };
    case "real":
      return { ...base, type: "FLOAT" };
    case "double":
      return { ...base, type: "DOUBLE" };
    case "varchar":
    case "json":
      return { ...base, type: "BYTE_ARRAY", converted_type: "UTF8" };
    case "varbinary":
      return { ...base, type: "BYTE_ARRAY" };
    case "date":
      return { ...base, type: "INT32", converted_type: "DATE" };
    case "timestamptz":
      return { ...base, type: "INT64", logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" } };
    case "decimal":
      // Iceberg's Parquet mapping: INT64 up to 18 digits, fixed bytes beyond
      return t.precision <= 18
        ? { ...base, type: "INT64", converted_type: "DECIMAL", precision: t.precision, scale: t.scale }
        : { ...base, type: "FIXED_LEN_BYTE_ARRAY", type_length: decimalBytes(t.precision), converted_type: "DECIMAL", precision: t.precision, scale: t.scale };
    case "row":
    case "array":
    case "map":
      return undefined;
  }
}

/** A bigint as a number when the number is exact (it then crosses threads in a Float64Array). */
function safe(b: bigint): number | bigint {
  return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
}
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function converter(t: TrinoType): (v: unknown) => unknown {
  switch (t.kind) {
    case "boolean":
      return (v) => (typeof v === "boolean" ? v : refuse(t, v));
    case "integer":
      return (v) => (typeof v === "number" && Number.isInteger(v) ? v : typeof v === "bigint" ? Number(v) : refuse(t, v));
    case "bigint":
      return (v) => (typeof v === "bigint" ? safe(v) : typeof v === "number" && Number.isInteger(v) ? v : refuse(t, v));
    case "real":
    case "double":
      return (v) => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : refuse(t, v));
    case "varchar":
      return (v) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" ? v.toString() : refuse(t, v));
    case "json":
      return (v) => toJsonText(v);
    case "varbinary":
      return (v) => (v instanceof Uint8Array ? v : refuse(t, v));
    case "date":
      return dateConverter(t);
    case "timestamptz":
      return (v) => (v instanceof AvroTimestamp ? safe(v.epochMicros) : v instanceof Date ? safe(AvroTimestamp.fromDate(v).epochMicros) : refuse(t, v));
    case "decimal":
      return (v) => (typeof v === "string" ? unscaledDecimalNumber(v, t.scale) : refuse(t, v));
    default:
      return (v) => refuse(t, v);
  }
}

/** Why these columns cannot be landed as a Parquet file, or undefined when they can. */
export function parquetLandable(columns: readonly ColumnSpec[]): string | undefined {
  const bad = columns.filter((c) => element(c.name, c.type) === undefined);
  return bad.length ? `column${bad.length > 1 ? "s" : ""} ${bad.map((c) => `${c.name} (${c.type.kind.toUpperCase()})`).join(", ")} cannot be written as a flat Parquet column` : undefined;
}

/** The Parquet columns of bronze's columns (call `parquetLandable` first). */
export function landingColumns(columns: readonly ColumnSpec[]): LandingColumn[] {
  return columns.map((c) => {
    const e = element(c.name, c.type);
    if (!e) throw new TypeError(parquetLandable([c]));
    return { name: c.name, element: e, convert: converter(c.type) };
  });
}

/** The flattened Parquet schema (root first) of the columns. */
export function parquetElements(columns: readonly LandingColumn[]): [{ readonly name: "root"; readonly num_children: number }, ...ParquetElement[]] {
  return [{ name: "root", num_children: columns.length }, ...columns.map((c) => c.element)];
}

/** One column of a batch on its way to the encoder. */
export type PackedColumn =
  /** numbers (booleans as 0/1); `nulls[i] === 1` marks a null */
  | { readonly t: "num"; readonly data: Float64Array; readonly nulls: Uint8Array | undefined }
  /** the same value in every row */
  | { readonly t: "const"; readonly value: unknown; readonly n: number }
  /** text as codes into `values` (-1: null): a batch's repeated strings cross threads once */
  | { readonly t: "dict"; readonly codes: Int32Array; readonly values: string[] }
  | { readonly t: "any"; readonly data: unknown[] };

/** Buffers `packed` owns and can hand to another thread. */
export function transferables(packed: readonly PackedColumn[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const c of packed) {
    if (c.t === "dict") out.push(c.codes.buffer as ArrayBuffer);
    if (c.t !== "num") continue;
    out.push(c.data.buffer as ArrayBuffer);
    if (c.nulls) out.push(c.nulls.buffer as ArrayBuffer);
  }
  return out;
}

/**
 * Distinct strings a text column's batch may hold as codes; beyond it the column keeps its strings
 * one per row (mostly distinct text: names, free text, ids written as text).
 */
const MAX_DICTIONARY = 32_768;

/**
 * One payload column as rows arrive: numbers in a growing Float64Array while every value is one;
 * text as codes into the batch's distinct strings while there are at most MAX_DICTIONARY of them
 * (a batch then keeps one copy of each repeated string and sends the codes to the encoder thread
 * by transfer, not each string by copy); anything else as it comes.
 */
class ColumnAccumulator {
  private nums: Float64Array | undefined;
  private nulls: Uint8Array | undefined;
  private codes: Int32Array | undefined;
  private dict: Map<string, number> | undefined;
  private any: unknown[] | undefined;
  private n = 0;

  constructor(kind: "number" | "text" | "other", capacity: number) {
    if (kind === "number") this.nums = new Float64Array(Math.max(16, capacity));
    else if (kind === "text") {
      this.codes = new Int32Array(Math.max(16, capacity));
      this.dict = new Map();
    } else this.any = [];
  }

  push(v: unknown): void {
    if (this.any) {
      this.any.push(v);
      this.n++;
      return;
    }
    if (this.dict) {
      let codes = this.codes!;
      if (this.n === codes.length) {
        codes = new Int32Array(codes.length * 2);
        codes.set(this.codes!);
        this.codes = codes;
      }
      if (v === null) codes[this.n++] = -1;
      else if (typeof v === "string") {
        let code = this.dict.get(v);
        if (code === undefined) {
          if (this.dict.size >= MAX_DICTIONARY) return this.toPlain(v);
          code = this.dict.size;
          this.dict.set(v, code);
        }
        codes[this.n++] = code;
      } else this.toPlain(v);
      return;
    }
    const nums = this.nums!;
    if (this.n === nums.length) this.grow();
    if (typeof v === "number") this.nums![this.n] = v;
    else if (typeof v === "boolean") this.nums![this.n] = v ? 1 : 0;
    else if (v === null) {
      this.nulls ??= new Uint8Array(this.nums!.length);
      this.nulls[this.n] = 1;
    } else {
      // e.g. a BIGINT beyond 2^53: this column travels as plain values from now on
      this.any = this.values();
      this.nums = undefined;
      this.nulls = undefined;
      this.any.push(v);
    }
    this.n++;
  }

  private grow(): void {
    const bigger = new Float64Array(this.nums!.length * 2);
    bigger.set(this.nums!);
    this.nums = bigger;
    if (this.nulls) {
      const n = new Uint8Array(bigger.length);
      n.set(this.nulls);
      this.nulls = n;
    }
  }

  private values(): unknown[] {
    const out = new Array<unknown>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.nulls?.[i] === 1 ? null : this.nums![i];
    return out;
  }

  /** From codes to one value per row (too many distinct strings, or a value that is not one), then `v`. */
  private toPlain(v: unknown): void {
    const strings = [...this.dict!.keys()];
    const out = new Array<unknown>(this.n);
    for (let i = 0; i < this.n; i++) out[i] = this.codes![i]! < 0 ? null : strings[this.codes![i]!];
    this.any = out;
    this.codes = this.dict = undefined;
    this.push(v);
  }

  packed(): PackedColumn {
    if (this.any) return { t: "any", data: this.any };
    if (this.dict) return { t: "dict", codes: this.codes!.slice(0, this.n), values: [...this.dict.keys()] };
    return { t: "num", data: this.nums!.slice(0, this.n), nulls: this.nulls?.slice(0, this.n) };
  }
}

/**
 * A batch for the encoder, built as rows arrive (the rows themselves are not kept: a batch costs
 * its column values, not one array per row). `push` takes the payload values (aligned with the
 * first `payloadCount` columns) and the row's position; `pack` adds every other column's value
 * for the whole batch, by name (`_line` from the positions).
 */
export class ColumnBuilder {
  private readonly payload: ColumnAccumulator[];
  private readonly lines: ColumnAccumulator;
  private count = 0;

  constructor(
    private readonly columns: readonly LandingColumn[],
    private readonly payloadCount: number,
    capacity = 1024,
  ) {
    this.payload = columns.slice(0, payloadCount).map((c) => {
      const e = c.element;
      return new ColumnAccumulator(e.type === "BYTE_ARRAY" ? (e.converted_type === "UTF8" ? "text" : "other") : e.type === "FIXED_LEN_BYTE_ARRAY" ? "other" : "number", capacity);
    });
    this.lines = new ColumnAccumulator("number", capacity);
    this.converted = new Array<unknown>(payloadCount);
  }

  get rows(): number {
    return this.count;
  }

  /** Converts and appends one row; a value its column refuses throws before anything is appended. */
  /** one row's converted values (reused: a row is converted in full before any of it is appended) */
  private readonly converted: unknown[];

  push(values: readonly unknown[], line: number): void {
    const converted = this.converted;
    for (let i = 0; i < this.payloadCount; i++) {
      const v = values[i];
      converted[i] = v === null || v === undefined ? null : this.columns[i]!.convert(v);
    }
    for (let i = 0; i < this.payloadCount; i++) this.payload[i]!.push(converted[i]);
    this.lines.push(line);
    this.count++;
  }

  pack(constants: Readonly<Record<string, unknown>>): PackedColumn[] {
    return this.columns.map((c, ci): PackedColumn => {
      if (ci < this.payloadCount) return this.payload[ci]!.packed();
      if (c.name === "_line") return this.lines.packed();
      if (!(c.name in constants)) throw new TypeError(`no value for column ${c.name}`);
      const v = constants[c.name];
      return { t: "const", value: v === null || v === undefined ? null : c.convert(v), n: this.count };
    });
  }
}

/** `ColumnBuilder` over rows already in memory (tests, small callers). */
export function packColumns(columns: readonly LandingColumn[], payloadCount: number, rows: readonly (readonly unknown[])[], lines: readonly number[], constants: Readonly<Record<string, unknown>>): PackedColumn[] {
  const b = new ColumnBuilder(columns, payloadCount, rows.length);
  rows.forEach((r, i) => b.push(r, lines[i]!));
  return b.pack(constants);
}
