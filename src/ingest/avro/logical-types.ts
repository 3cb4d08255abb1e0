/**
 * Avro logical types for avsc, which ships none. Decoded values:
 * - timestamp-millis / timestamp-micros → `AvroTimestamp` (micros as bigint, no precision loss)
 * - date → `YYYY-MM-DD` string
 * - decimal (bytes or fixed) → exact decimal string, e.g. "-12.50"
 * Encoding accepts the decoded form and the obvious JS ones (Date, epoch numbers, numbers).
 *
 * `_resolve(writerType)` returns the reader-side conversion for a writer type, or undefined
 * when Avro's resolution rules do not allow it (avsc then reports the schemas as incompatible).
 */
import avro from "avsc";
import { AvroTimestamp, inLiteralRange } from "./timestamp.js";

type WriterType = avro.Type;

function isLogical(t: WriterType, name: string): boolean {
  return t.typeName === `logical:${name}`;
}

function underlyingName(t: WriterType): string {
  return t.typeName.replace(/^abstract:/, "");
}

function toBigInt(v: unknown): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

class TimestampType extends avro.types.LogicalType {
  /** micros per underlying unit */
  protected readonly unit: bigint = 1000n;

  override _fromValue(v: unknown): AvroTimestamp {
    const n = toBigInt(v);
    if (n === undefined) throw new Error(`invalid ${this.typeName} value ${String(v)}`);
    const micros = n * this.unit;
    // Valid Avro, but no Trino timestamp: the message goes to the dead-letter table with this
    // reason instead of failing its batch (and every batch after it) in Trino.
    if (!inLiteralRange(micros)) throw new Error(`${this.typeName} value ${n} is outside the years 1–9999 a Trino timestamp can hold`);
    return new AvroTimestamp(micros);
  }

  override _toValue(v: unknown): bigint | number | undefined {
    let micros: bigint | undefined;
    if (v instanceof AvroTimestamp) micros = v.epochMicros;
    else if (v instanceof Date) micros = BigInt(v.getTime()) * 1000n;
    else {
      const n = toBigInt(v);
      if (n !== undefined) micros = n * this.unit; // a number is taken in the schema's own unit
    }
    if (micros === undefined) return undefined;
    const raw = this.unit === 1n ? micros : floorDiv(micros, this.unit);
    // the underlying long type decides whether it takes bigint or number
    return this.underlyingType.typeName === "abstract:long" ? raw : Number(raw);
  }

  override _resolve(writer: WriterType): ((v: unknown) => unknown) | undefined {
    if (isLogical(writer, "timestamp-millis") || isLogical(writer, "timestamp-micros")) return (v) => v;
    if (underlyingName(writer) === "long" || writer.typeName === "int") return (v) => this._fromValue(v);
    return undefined;
  }
}

class TimestampMillisType extends TimestampType {
  protected override readonly unit: bigint = 1000n;
}

class TimestampMicrosType extends TimestampType {
  protected override readonly unit: bigint = 1n;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a < 0n && q * b !== a ? q - 1n : q;
}

const DAY_MS = 86_400_000;

class DateType extends avro.types.LogicalType {
  override _fromValue(v: unknown): string {
    return new Date(Number(v) * DAY_MS).toISOString().slice(0, 10);
  }

  override _toValue(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isInteger(v)) return v;
    const ms = v instanceof Date ? v.getTime() : typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
    return Number.isNaN(ms) ? undefined : Math.floor(ms / DAY_MS);
  }

  override _resolve(writer: WriterType): ((v: unknown) => unknown) | undefined {
    if (isLogical(writer, "date")) return (v) => v;
    if (writer.typeName === "int") return (v) => this._fromValue(v);
    return undefined;
  }
}

interface DecimalSchema {
  precision?: unknown;
  scale?: unknown;
}

class DecimalType extends avro.types.LogicalType {
  readonly precision: number;
  readonly scale: number;
  constructor(schema: avro.Schema, opts?: avro.ForSchemaOptions) {
    super(schema, opts);
    const s = schema as DecimalSchema;
    if (typeof s.precision !== "number" || !Number.isInteger(s.precision) || s.precision < 1) {
      throw new Error(`decimal logical type needs an integer precision ≥ 1 (got ${String(s.precision)})`);
    }
    const scale = s.scale ?? 0;
    if (typeof scale !== "number" || !Number.isInteger(scale) || scale < 0 || scale > s.precision) {
      throw new Error(`decimal scale must be an integer in [0, precision] (got ${String(scale)})`);
    }
    this.precision = s.precision;
    this.scale = scale;
  }

  override _fromValue(buf: unknown): string {
    if (!Buffer.isBuffer(buf)) throw new Error("decimal value must be bytes");
    return unscaledToString(twosComplementToBigInt(buf), this.scale);
  }

  override _toValue(v: unknown): Buffer | undefined {
    const unscaled = decimalToUnscaled(v, this.scale);
    if (unscaled === undefined) return undefined;
    if (unscaled.toString().replace("-", "").length > this.precision) return undefined;
    const buf = bigIntToTwosComplement(unscaled);
    const fixedSize = (this.underlyingType as { size?: number }).size;
    if (fixedSize === undefined) return buf;
    if (buf.length > fixedSize) return undefined;
    const out = Buffer.alloc(fixedSize, unscaled < 0n ? 0xff : 0);
    buf.copy(out, fixedSize - buf.length);
    return out;
  }

  override _resolve(writer: WriterType): ((v: unknown) => unknown) | undefined {
    // Avro spec: decimals resolve only when scale (and precision) match.
    if (writer instanceof DecimalType && writer.scale === this.scale && writer.precision <= this.precision) return (v) => v;
    return undefined;
  }
}

export function twosComplementToBigInt(buf: Buffer): bigint {
  if (buf.length === 0) return 0n;
  const hex = buf.toString("hex");
  let n = BigInt(`0x${hex}`);
  if ((buf[0] ?? 0) & 0x80) n -= 1n << BigInt(buf.length * 8);
  return n;
}

export function bigIntToTwosComplement(n: bigint): Buffer {
  let bytes = 1;
  while (n < -(1n << BigInt(bytes * 8 - 1)) || n >= 1n << BigInt(bytes * 8 - 1)) bytes++;
  const u = n < 0n ? (1n << BigInt(bytes * 8)) + n : n;
  return Buffer.from(u.toString(16).padStart(bytes * 2, "0"), "hex");
}

export function unscaledToString(unscaled: bigint, scale: number): string {
  const neg = unscaled < 0n;
  const digits = (neg ? -unscaled : unscaled).toString().padStart(scale + 1, "0");
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return neg ? `-${text}` : text;
}

/** "12.5" at scale 2 → 1250n; undefined when it would need rounding or is not a number. */
export function decimalToUnscaled(v: unknown, scale: number): bigint | undefined {
  if (typeof v === "bigint") return v * 10n ** BigInt(scale);
  const text = typeof v === "number" ? (Number.isFinite(v) ? v.toFixed(Math.min(scale, 100)) : "") : typeof v === "string" ? v.trim() : "";
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) return undefined;
  const frac = (m[3] ?? "").replace(/0+$/, "");
  if (frac.length > scale) return undefined;
  const n = BigInt(`${m[2] || "0"}${frac.padEnd(scale, "0")}`);
  return m[1] === "-" ? -n : n;
}

/** Longs as bigint: Avro longs are int64 and JS numbers are exact only to 2^53. */
export const BigIntLongType = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => (typeof v === "bigint" ? v : BigInt(v as number | string)),
  toJSON: (n: bigint) => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString()),
  isValid: (n: unknown) => typeof n === "bigint" && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

export const LOGICAL_TYPES: Readonly<Record<string, new (schema: avro.Schema, opts?: avro.ForSchemaOptions) => avro.types.LogicalType>> = {
  "timestamp-millis": TimestampMillisType,
  "timestamp-micros": TimestampMicrosType,
  date: DateType,
  decimal: DecimalType,
};

export { DecimalType, DateType, TimestampMillisType, TimestampMicrosType };
