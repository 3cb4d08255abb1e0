/**
 * JSON parsing that keeps integers beyond 2^53 exact, using the reviver's `context.source`
 * (JSON.parse source text access, V8 ≥ 11.4 / Node ≥ 21).
 */
interface ReviverContext {
  source?: string;
}

const INTEGER = /^-?\d+$/;

export function parseJsonPreservingBigInts(text: string): unknown {
  return JSON.parse(text, function (this: unknown, _key: string, value: unknown, context?: ReviverContext) {
    if (typeof value === "number" && !Number.isSafeInteger(value) && context?.source && INTEGER.test(context.source)) {
      return BigInt(context.source);
    }
    return value;
  } as (this: unknown, key: string, value: unknown) => unknown);
}

/** Top-level BIGINT columns always become `bigint`, whatever their magnitude. */
export function toBigIntColumns(columns: readonly { type: string }[], rows: unknown[][]): unknown[][] {
  const idx = columns.flatMap((c, i) => (c.type === "bigint" ? [i] : []));
  if (idx.length === 0) return rows;
  for (const row of rows) {
    for (const i of idx) {
      const v = row[i];
      if (typeof v === "number") row[i] = BigInt(v);
    }
  }
  return rows;
}
