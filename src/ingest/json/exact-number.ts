/**
 * Exact arithmetic on decimal number text (JSON source text, CSV cells): no double in between,
 * so DECIMAL(38, 10), BIGINT beyond 2^53 and epoch microseconds land exactly as written.
 */

const NUMBER = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** A decimal number as sign · digits · 10^exponent. */
export interface DecimalText {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly exponent: number;
}

export function parseDecimalText(text: string): DecimalText | undefined {
  const m = NUMBER.exec(text.trim());
  if (!m) return undefined;
  const int = m[2] ?? "";
  const frac = m[3] ?? "";
  if (int === "" && frac === "") return undefined;
  const exp = Number(m[4] ?? "0");
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > 10_000) return undefined;
  return { negative: m[1] === "-", digits: BigInt(`${int}${frac}` || "0"), exponent: exp - frac.length };
}

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/**
 * The value times 10^shift as an integer. `exact`: undefined when digits would be lost
 * (`1.25` shifted by 1); otherwise rounded toward negative infinity (nanoseconds → micros).
 */
export function scaledInteger(d: DecimalText, shift: number, exact: boolean): bigint | undefined {
  const e = d.exponent + shift;
  let v: bigint;
  if (e >= 0) v = d.digits * pow10(e);
  else {
    const div = pow10(-e);
    const q = d.digits / div;
    const lost = q * div !== d.digits;
    if (lost && exact) return undefined;
    v = d.negative && lost ? -(q + 1n) : d.negative ? -q : q;
    return v;
  }
  return d.negative ? -v : v;
}

export type ExactResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT32_MIN = -(2n ** 31n);
const INT32_MAX = 2n ** 31n - 1n;

/** An integer of BIGINT (64-bit) or INTEGER (32-bit) range; `1e3` and `10.0` are integers too. */
export function exactInteger(text: string, bits: 32 | 64): ExactResult<bigint> {
  const d = parseDecimalText(text);
  const v = d && scaledInteger(d, 0, true);
  if (v === undefined) return { ok: false, message: `${text} is not an integer` };
  const [lo, hi] = bits === 64 ? [INT64_MIN, INT64_MAX] : [INT32_MIN, INT32_MAX];
  if (v < lo || v > hi) return { ok: false, message: `${text} is outside the ${bits === 64 ? "BIGINT" : "INTEGER"} range` };
  return { ok: true, value: v };
}

/** Canonical text of DECIMAL(precision, scale), e.g. `-12.50`; refuses lost digits and overflow. */
export function exactDecimal(text: string, precision: number, scale: number): ExactResult<string> {
  const d = parseDecimalText(text);
  if (!d) return { ok: false, message: `${JSON.stringify(text)} is not a decimal number` };
  const unscaled = scaledInteger(d, scale, true);
  if (unscaled === undefined) return { ok: false, message: `${text} has more than ${scale} decimal place${scale === 1 ? "" : "s"} (DECIMAL(${precision}, ${scale}))` };
  const abs = unscaled < 0n ? -unscaled : unscaled;
  if (abs >= pow10(precision)) return { ok: false, message: `${text} does not fit DECIMAL(${precision}, ${scale}) (at most ${precision - scale} integer digits)` };
  const digits = abs.toString().padStart(scale + 1, "0");
  const body = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return { ok: true, value: unscaled < 0n ? `-${body}` : body };
}
