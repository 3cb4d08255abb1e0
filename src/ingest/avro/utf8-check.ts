/**
 * Invalid UTF-8 in Avro strings. avsc decodes strings leniently (an invalid sequence becomes
 * U+FFFD), so a value sent as bytes `41 42 FF FE 45` would land as "AB��E" unnoticed. The
 * check costs one scan for U+FFFD per decoded record; only records that contain one (an
 * invalid sequence, or a genuine U+FFFD) are decoded a second time with a "strict" copy of the
 * writer schema whose strings are bytes, checked with `isUtf8` and named by field path.
 */
import avro from "avsc";
import { isUtf8 } from "node:buffer";
import { BigIntLongType, LOGICAL_TYPES } from "./logical-types.js";

/** What a stream does with a string that is not valid UTF-8 (`invalidUtf8:` in streams/*.yaml). */
export type InvalidUtf8Policy = "deadLetter" | "replace";

export interface InvalidString {
  readonly path: string;
  readonly bytes: Buffer;
}

const CHECKED = "lakeform-utf8-check";
/** Filled by `Utf8CheckType` during one synchronous strict decode. */
let found: InvalidString[] = [];

class Utf8CheckType extends avro.types.LogicalType {
  override _fromValue(v: unknown): string {
    const buf = Buffer.isBuffer(v) ? v : Buffer.from(String(v));
    if (!isUtf8(buf)) found.push({ path: pathOf(this), bytes: buf });
    return buf.toString("utf8");
  }
  override _toValue(v: unknown): Buffer {
    return Buffer.from(String(v), "utf8");
  }
}

const paths = new WeakMap<object, string>();
const pathOf = (t: object) => paths.get(t) ?? "?";

/** The schema with every `string` turned into checked bytes that remember their field path. */
export function strictStringsSchema(schema: unknown, path = ""): unknown {
  const checked = () => ({ type: "bytes", logicalType: CHECKED, lakeformPath: path || "(value)" });
  if (schema === "string") return checked();
  if (Array.isArray(schema)) return schema.map((b) => strictStringsSchema(b, path));
  if (schema === null || typeof schema !== "object") return schema;
  const s = schema as Record<string, unknown>;
  if (s["type"] === "string") return checked();
  if ((s["type"] === "record" || s["type"] === "error") && Array.isArray(s["fields"])) {
    return {
      ...s,
      fields: (s["fields"] as Record<string, unknown>[]).map((f) => ({ ...f, type: strictStringsSchema(f["type"], path ? `${path}.${String(f["name"])}` : String(f["name"])) })),
    };
  }
  if (s["type"] === "array") return { ...s, items: strictStringsSchema(s["items"], `${path}[]`) };
  if (s["type"] === "map") return { ...s, values: strictStringsSchema(s["values"], `${path}{}`) };
  if (typeof s["type"] === "object") return { ...s, type: strictStringsSchema(s["type"], path) };
  return s;
}

/** A strict copy of a writer schema, or undefined when avsc cannot build one (e.g. a union of string and bytes). */
export function strictWriter(schemaText: string): avro.Type | undefined {
  try {
    return avro.Type.forSchema(strictStringsSchema(JSON.parse(schemaText)) as avro.Schema, {
      logicalTypes: {
        ...LOGICAL_TYPES,
        [CHECKED]: class extends Utf8CheckType {
          constructor(schema: avro.Schema, opts?: avro.ForSchemaOptions) {
            super(schema, opts);
            paths.set(this, String((schema as { lakeformPath?: unknown }).lakeformPath));
          }
        },
      },
      registry: { long: BigIntLongType },
      wrapUnions: "auto",
    });
  } catch {
    return undefined;
  }
}

/** Whether any string in a decoded value holds U+FFFD (cheap pre-check before a strict decode). */
export function hasReplacementChar(v: unknown): boolean {
  if (typeof v === "string") return v.includes("\uFFFD");
  if (v === null || typeof v !== "object" || Buffer.isBuffer(v)) return false;
  if (Array.isArray(v)) return v.some(hasReplacementChar);
  if (v instanceof Map) return [...v.values()].some(hasReplacementChar);
  for (const x of Object.values(v)) if (hasReplacementChar(x)) return true;
  return false;
}

/** The strings of `body` (written with `strict`'s schema) that are not valid UTF-8. */
export function invalidStrings(strict: avro.Type, body: Buffer): InvalidString[] {
  found = [];
  try {
    strict.fromBuffer(body, undefined, true);
    return found;
  } finally {
    found = [];
  }
}

export function describeInvalid(s: InvalidString): string {
  const hex = [...s.bytes.subarray(0, 32)].map((b) => b.toString(16).padStart(2, "0")).join(" ");
  return `invalid UTF-8 in string field "${s.path}" (bytes ${hex}${s.bytes.length > 32 ? " …" : ""})`;
}
