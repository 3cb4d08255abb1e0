/**
 * Converts a validated JSON value to the values bronze rendering takes (the same forms the Avro
 * decoder produces): BIGINT → bigint, DECIMAL → exact text, timestamps → `AvroTimestamp`,
 * DATE → `YYYY-MM-DD`, VARBINARY → Buffer, ROW → an object keyed by the JSON property names
 * (undeclared properties dropped). Numbers are read from their source text (`exact-json.ts`), so
 * nothing passes through a double. The first value that cannot be converted is reported with its
 * JSON pointer.
 */
import { exactDecimal, exactInteger } from "./exact-number.js";
import { numberText, type NumberSources } from "./exact-json.js";
import type { Shape } from "./shape.js";
import { epochTimestamp, isoDate, isoTimestamp } from "./timestamps.js";

export type Converted = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly pointer: string; readonly message: string };

export function pointerPart(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

export function convertValue(shape: Shape, v: unknown, pointer: string, holder: object, key: string, sources: NumberSources | undefined): Converted {
  if (v === null || v === undefined) return { ok: true, value: null };
  const bad = (message: string): Converted => ({ ok: false, pointer, message });
  const wrongType = (want: string): Converted => bad(`must be ${want}, got ${kindOf(v)}`);
  const text = () => (typeof v === "number" ? numberText(sources, holder, key, v) : typeof v === "string" ? v : undefined);
  const result = <T>(r: { ok: true; value: T } | { ok: false; message: string }): Converted => (r.ok ? { ok: true, value: r.value } : bad(r.message));
  switch (shape.kind) {
    case "boolean":
      return typeof v === "boolean" ? { ok: true, value: v } : wrongType("boolean");
    case "string":
      return typeof v === "string" ? { ok: true, value: v } : wrongType("string");
    case "double":
    case "real":
      return typeof v === "number" ? { ok: true, value: v } : wrongType("number");
    case "integer":
      return typeof v === "number" ? result(exactInteger(text() ?? "", shape.bits)) : wrongType("integer");
    case "decimal": {
      const t = typeof v === "number" || typeof v === "string" ? text() : undefined;
      if (t === undefined) return wrongType("a decimal number or string");
      const r = exactDecimal(t, shape.precision, shape.scale);
      return r.ok && shape.precision > 38 ? { ok: true, value: r.value } : result(r);
    }
    case "timestamp":
      if (shape.unit === "iso") return typeof v === "string" ? result(isoTimestamp(v)) : wrongType("a date-time string");
      return typeof v === "number" ? result(epochTimestamp(text() ?? "", shape.unit)) : wrongType(`an epoch number (${shape.unit})`);
    case "date":
      return typeof v === "string" ? result(isoDate(v)) : wrongType("a date string");
    case "binary": {
      if (typeof v !== "string") return wrongType("a base64 string");
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) return bad("is not base64");
      return { ok: true, value: Buffer.from(v, "base64") };
    }
    case "json":
      return { ok: true, value: v };
    case "object": {
      if (kindOf(v) !== "object") return wrongType("object");
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of shape.fields) {
        const c = convertValue(f.shape, obj[f.source], `${pointer}/${pointerPart(f.source)}`, obj, f.source, sources);
        if (!c.ok) return c;
        out[f.source] = c.value;
      }
      return { ok: true, value: out };
    }
    case "map": {
      if (kindOf(v) !== "object") return wrongType("object");
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(obj)) {
        const c = convertValue(shape.value, e, `${pointer}/${pointerPart(k)}`, obj, k, sources);
        if (!c.ok) return c;
        out[k] = c.value;
      }
      return { ok: true, value: out };
    }
    case "array": {
      if (!Array.isArray(v)) return wrongType("array");
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        const c = convertValue(shape.element, v[i], `${pointer}/${i}`, v, String(i), sources);
        if (!c.ok) return c;
        out.push(c.value);
      }
      return { ok: true, value: out };
    }
  }
}
