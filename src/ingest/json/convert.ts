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
  return key.includes("~") || key.includes("/") ? key.replace(/~/g, "~0").replace(/\//g, "~1") : key;
}

const kindOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);
const ok = (value: unknown): Converted => ({ ok: true, value });
const bad = (pointer: string, message: string): Converted => ({ ok: false, pointer, message });
const wrongType = (pointer: string, want: string, v: unknown): Converted => bad(pointer, `must be ${want}, got ${kindOf(v)}`);
const result = (pointer: string, r: { ok: true; value: unknown } | { ok: false; message: string }): Converted => (r.ok ? ok(r.value) : bad(pointer, r.message));

// Hot path (every field of every message): no closures per call, pointers built only on failure.
export function convertValue(shape: Shape, v: unknown, pointer: string, holder: object, key: string, sources: NumberSources | undefined): Converted {
  if (v === null || v === undefined) return ok(null);
  switch (shape.kind) {
    case "boolean":
      return typeof v === "boolean" ? ok(v) : wrongType(pointer, "boolean", v);
    case "string":
      return typeof v === "string" ? ok(v) : wrongType(pointer, "string", v);
    case "double":
    case "real":
      return typeof v === "number" ? ok(v) : wrongType(pointer, "number", v);
    case "integer":
      if (typeof v !== "number") return wrongType(pointer, "integer", v);
      // a safe integer is exact as a double; only bigger ones need their source text
      if (Number.isSafeInteger(v) && (shape.bits === 64 || (v >= -2147483648 && v <= 2147483647))) return ok(BigInt(v));
      return result(pointer, exactInteger(numberText(sources, holder, key, v), shape.bits));
    case "decimal": {
      if (typeof v !== "number" && typeof v !== "string") return wrongType(pointer, "a decimal number or string", v);
      return result(pointer, exactDecimal(typeof v === "number" ? numberText(sources, holder, key, v) : v, shape.precision, shape.scale));
    }
    case "timestamp":
      if (shape.unit === "iso") return typeof v === "string" ? result(pointer, isoTimestamp(v)) : wrongType(pointer, "a date-time string", v);
      return typeof v === "number" ? result(pointer, epochTimestamp(numberText(sources, holder, key, v), shape.unit)) : wrongType(pointer, `an epoch number (${shape.unit})`, v);
    case "date":
      return typeof v === "string" ? result(pointer, isoDate(v)) : wrongType(pointer, "a date string", v);
    case "binary": {
      if (typeof v !== "string") return wrongType(pointer, "a base64 string", v);
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0) return bad(pointer, "is not base64");
      return ok(Buffer.from(v, "base64"));
    }
    case "json":
      return ok(v);
    case "object": {
      if (kindOf(v) !== "object") return wrongType(pointer, "object", v);
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const f of shape.fields) {
        const fv = obj[f.source];
        if (fv === null || fv === undefined) {
          out[f.source] = null;
          continue;
        }
        const c = convertValue(f.shape, fv, `${pointer}/${pointerPart(f.source)}`, obj, f.source, sources);
        if (!c.ok) return c;
        out[f.source] = c.value;
      }
      return ok(out);
    }
    case "map": {
      if (kindOf(v) !== "object") return wrongType(pointer, "object", v);
      const obj = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, e] of Object.entries(obj)) {
        const c = convertValue(shape.value, e, `${pointer}/${pointerPart(k)}`, obj, k, sources);
        if (!c.ok) return c;
        out[k] = c.value;
      }
      return ok(out);
    }
    case "array": {
      if (!Array.isArray(v)) return wrongType(pointer, "array", v);
      const out: unknown[] = [];
      for (let i = 0; i < v.length; i++) {
        const c = convertValue(shape.element, v[i], `${pointer}/${i}`, v, String(i), sources);
        if (!c.ok) return c;
        out.push(c.value);
      }
      return ok(out);
    }
  }
}
