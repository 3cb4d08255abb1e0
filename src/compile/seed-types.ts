/**
 * The Trino types a seed column may have, how a CSV value is checked against one (at compile
 * time, so a bad value is reported at its line and column instead of failing a CAST on Trino),
 * and which type a column without a declared one gets (the narrowest that fits every value).
 * Checked values are normalised to the text Trino's `CAST(varchar AS type)` accepts.
 */

export interface SeedType {
  /** Canonical spelling, e.g. `bigint`, `decimal(12,2)`, `timestamp(3) with time zone`. */
  readonly name: string;
  /** The value as Trino casts it, or an error message. */
  readonly check: (raw: string) => { readonly value: string } | { readonly error: string };
}

const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  tinyint: [-(2n ** 7n), 2n ** 7n - 1n],
  smallint: [-(2n ** 15n), 2n ** 15n - 1n],
  integer: [-(2n ** 31n), 2n ** 31n - 1n],
  bigint: [-(2n ** 63n), 2n ** 63n - 1n],
};

const INT = /^[+-]?\d+$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DEC = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,12}))?)?(?:\s*(Z|UTC|[+-]\d{2}:\d{2}|[A-Za-z]+(?:\/[A-Za-z_]+)+))?$/;

export const SEED_TYPE_NAMES = ["boolean", "tinyint", "smallint", "integer", "bigint", "real", "double", "decimal(p,s)", "varchar", "varchar(n)", "date", "timestamp(p)", "timestamp(p) with time zone"] as const;

function validDate(y: string, m: string, d: string): boolean {
  const dt = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return dt.getUTCFullYear() === Number(y) && dt.getUTCMonth() === Number(m) - 1 && dt.getUTCDate() === Number(d);
}

function integer(name: string): SeedType {
  const [min, max] = INTEGER_RANGES[name] ?? [0n, 0n];
  return {
    name,
    check: (raw) => {
      if (!INT.test(raw)) return { error: `is not an integer` };
      const v = BigInt(raw);
      if (v < min || v > max) return { error: `is out of range for ${name} [${min}, ${max}]` };
      return { value: v.toString() };
    },
  };
}

function floating(name: string): SeedType {
  return {
    name,
    check: (raw) => {
      if (/^[+-]?(NaN|Infinity)$/.test(raw)) return { value: raw.replace(/^\+/, "") };
      if (!FLOAT.test(raw)) return { error: "is not a number" };
      return { value: raw.replace(/^\+/, "").replace(/^(-?)\./, "$10.") };
    },
  };
}

function decimal(precision: number, scale: number): SeedType {
  return {
    name: `decimal(${precision},${scale})`,
    check: (raw) => {
      const m = DEC.exec(raw);
      if (!m || (m[2] === "" && (m[3] ?? "") === "")) return { error: "is not a decimal number" };
      const whole = (m[2] ?? "").replace(/^0+(?=\d)/, "");
      const frac = m[3] ?? "";
      if (whole.replace(/^0$/, "").length > precision - scale) return { error: `has more than ${precision - scale} digit(s) before the decimal point (decimal(${precision},${scale}))` };
      if (frac.length > scale) return { error: `has more than ${scale} decimal place(s) (decimal(${precision},${scale}))` };
      return { value: `${m[1] === "-" ? "-" : ""}${whole || "0"}${frac ? `.${frac}` : ""}` };
    },
  };
}

function varchar(length: number | undefined): SeedType {
  return {
    name: length === undefined ? "varchar" : `varchar(${length})`,
    check: (raw) => (length !== undefined && [...raw].length > length ? { error: `is longer than ${length} characters` } : { value: raw }),
  };
}

const BOOLEAN: SeedType = {
  name: "boolean",
  check: (raw) => (/^(true|false)$/i.test(raw) ? { value: raw.toLowerCase() } : { error: "is not a boolean (true or false)" }),
};

const DATE_TYPE: SeedType = {
  name: "date",
  check: (raw) => {
    const m = DATE.exec(raw);
    return m && validDate(m[1] ?? "", m[2] ?? "", m[3] ?? "") ? { value: raw } : { error: "is not a date (YYYY-MM-DD)" };
  },
};

function timestamp(precision: number, withZone: boolean): SeedType {
  return {
    name: `timestamp(${precision})${withZone ? " with time zone" : ""}`,
    check: (raw) => {
      const m = TIMESTAMP.exec(raw);
      const [, date = "", hh = "", mm = "", ss = "00", frac, zone] = m ?? [];
      if (!m || !DATE.test(date) || !validDate(date.slice(0, 4), date.slice(5, 7), date.slice(8, 10)) || Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) {
        return { error: `is not a timestamp (YYYY-MM-DD HH:MM:SS${withZone ? " and a zone, e.g. UTC or -03:00" : ""})` };
      }
      if (withZone && !zone) return { error: "has no time zone (add e.g. UTC, Z or -03:00)" };
      if (!withZone && zone) return { error: `has a time zone, but the column is ${`timestamp(${precision})`} (declare timestamp(${precision}) with time zone)` };
      const z = zone === "Z" ? "UTC" : zone;
      return { value: `${date} ${hh}:${mm}:${ss}${frac ? `.${frac}` : ""}${z ? ` ${z}` : ""}` };
    },
  };
}

/** A declared type (`columns.<name>.type` in the seed's YAML), or why it cannot be used. */
export function seedType(declared: string): SeedType | { readonly error: string } {
  const t = declared.trim().toLowerCase().replace(/\s+/g, " ").replace(/\(\s*/g, "(").replace(/\s*\)/g, ")").replace(/\s*,\s*/g, ",");
  if (t === "int") return integer("integer");
  if (t in INTEGER_RANGES) return integer(t);
  if (t === "double" || t === "real") return floating(t);
  if (t === "boolean") return BOOLEAN;
  if (t === "date") return DATE_TYPE;
  if (t === "varchar") return varchar(undefined);
  const v = /^varchar\((\d+)\)$/.exec(t);
  if (v) return varchar(Number(v[1]));
  const d = /^decimal\((\d+)(?:,(\d+))?\)$/.exec(t);
  if (d) {
    const p = Number(d[1]);
    const s = Number(d[2] ?? 0);
    if (p < 1 || p > 38 || s > p) return { error: `decimal(${p},${s}) is not a valid decimal type (precision 1–38, scale ≤ precision)` };
    return decimal(p, s);
  }
  const ts = /^timestamp(?:\((\d+)\))?( with time zone)?$/.exec(t);
  if (ts) {
    const p = Number(ts[1] ?? 3);
    if (p > 12) return { error: `timestamp precision ${p} is above Trino's maximum of 12` };
    return timestamp(p, ts[2] !== undefined);
  }
  return { error: `type "${declared}" is not supported in seeds` };
}

/** The narrowest type every non-empty value fits: bigint, double, boolean, date, else varchar. */
export function inferSeedType(values: readonly string[]): SeedType {
  const present = values.filter((v) => v.trim() !== "").map((v) => v.trim());
  const fits = (t: SeedType) => present.length > 0 && present.every((v) => "value" in t.check(v));
  for (const t of [integer("bigint"), floating("double"), BOOLEAN, DATE_TYPE]) if (fits(t)) return t;
  return varchar(undefined);
}
