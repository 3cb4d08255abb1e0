/**
 * `JSON.parse` that remembers the source text of every number. A JSON number like
 * `12345678901234567890` or `0.1000000000000000055511151231257827` does not survive a double;
 * the contract needs the text to land BIGINT and DECIMAL columns exactly. Uses the reviver's
 * `context.source` (ES2025 "JSON.parse source text access", V8 ≥ 11.4, Node ≥ 21).
 */

/** holder (object or array) → property key → the number's source text */
export type NumberSources = WeakMap<object, Map<string, string>>;

export type ParsedJson = { readonly ok: true; readonly value: unknown; readonly sources: NumberSources } | { readonly ok: false; readonly message: string };

type SourceReviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

/**
 * A run of 16+ digits (a dot may sit inside) is the only way a JSON number can hold more than a
 * double: a decimal of at most 15 significant digits is the one such decimal nearest its double,
 * so `String(double)` gives it back — unless a 3-digit exponent takes it past a double's range.
 * Texts with neither skip the reviver (≈4× slower).
 */
const LONG_NUMBER = /\d[\d.]{15}|\d[eE][+-]?\d{3}/;

export function parseJsonExact(text: string): ParsedJson {
  if (!LONG_NUMBER.test(text)) {
    try {
      return { ok: true, value: JSON.parse(text) as unknown, sources: new WeakMap() };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }
  const sources: NumberSources = new WeakMap();
  const reviver: SourceReviver = function (key, value, context) {
    if (typeof value === "number" && context?.source !== undefined && typeof this === "object" && this !== null) {
      let m = sources.get(this);
      if (!m) sources.set(this, (m = new Map()));
      m.set(key, context.source);
    }
    return value;
  };
  try {
    return { ok: true, value: JSON.parse(text, reviver as (key: string, value: unknown) => unknown), sources };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** The source text of `holder[key]` when it was parsed by `parseJsonExact`, else the number's own text. */
export function numberText(sources: NumberSources | undefined, holder: object, key: string, value: number): string {
  // String(1e21) is "1e+21": the readers of this text (exact-number.ts) take exponents
  return sources?.get(holder)?.get(key) ?? String(value);
}
