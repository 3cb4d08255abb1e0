/**
 * What a JSON Schema node means for bronze: a `Shape` says both the Trino column type and how a
 * value is converted (`convert.ts`). Mapping (the same types the Avro path produces):
 *
 * | JSON Schema                                              | Trino                          |
 * |----------------------------------------------------------|--------------------------------|
 * | `boolean`                                                | BOOLEAN                        |
 * | `integer` (`format: int32` → INTEGER)                    | BIGINT                         |
 * | `number` (`format: float` → REAL)                        | DOUBLE                         |
 * | `number`/`string` + `format: decimal`, `precision`, `scale` | DECIMAL(p, s) (p > 38: VARCHAR, exact text) |
 * | `string` + `format: date-time` (zone required)           | TIMESTAMP(6) WITH TIME ZONE    |
 * | `integer`/`number` + `format: timestamp-seconds|millis|micros|nanos` | TIMESTAMP(6) WITH TIME ZONE |
 * | `string` + `format: date`                                | DATE                           |
 * | `string` + `contentEncoding: base64`                     | VARBINARY                      |
 * | `string`, `enum` of strings                              | VARCHAR                        |
 * | `object` with `properties`                               | ROW(…) (or flattened columns)  |
 * | `object` with only `additionalProperties: <schema>`      | MAP(VARCHAR, T)                |
 * | `array` with `items: <schema>`                           | ARRAY(T)                       |
 * | anything else (no type, `anyOf` of several types, …)     | VARCHAR holding the JSON text  |
 *
 * `["T", "null"]` and `anyOf`/`oneOf` of one type plus `null` are nullable T (every Trino column
 * is nullable anyway). Local `$ref`s (`#/$defs/x`, `#/definitions/x`) are followed; a recursive
 * one becomes JSON text.
 */
import type { RowField, TrinoType } from "../sql/trino-type.js";
import { isEpochUnit, type EpochUnit } from "./timestamps.js";

export type Shape =
  | { readonly kind: "boolean" | "double" | "real" | "string" | "date" | "binary" | "json" }
  | { readonly kind: "integer"; readonly bits: 32 | 64 }
  /** `text`: the schema also takes the decimal as a string (`"type": ["number", "string"]`) */
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number; readonly text: boolean }
  | { readonly kind: "timestamp"; readonly unit: EpochUnit | "iso" }
  | { readonly kind: "object"; readonly fields: readonly ShapeField[] }
  | { readonly kind: "map"; readonly value: Shape }
  | { readonly kind: "array"; readonly element: Shape };

export interface ShapeField {
  /** the JSON property name */
  readonly source: string;
  readonly shape: Shape;
  /** false when the schema lists it in `required` and does not allow null */
  readonly nullable: boolean;
}

type Node = Readonly<Record<string, unknown>>;

export class ContractSchemaError extends Error {}

const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

function typesOf(n: Node): string[] | undefined {
  const t = n["type"];
  if (typeof t === "string") return [t];
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === "string");
  return undefined;
}

const isNullOnly = (n: unknown): boolean => isNode(n) && (n["type"] === "null" || (Array.isArray(n["enum"]) && n["enum"].length === 1 && n["enum"][0] === null) || n["const"] === null);

function pointerGet(root: Node, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  const parts = ref.slice(1).split("/").filter((p, i) => i > 0 || p !== "");
  let v: unknown = root;
  for (const p of parts) {
    if (!isNode(v)) return undefined;
    v = v[decodeURIComponent(p).replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return v;
}

interface Ctx {
  readonly root: Node;
  readonly refs: readonly string[];
  /** where in the schema, for messages */
  readonly at: string;
}

/** Nullability and the node without its null branch. */
function stripNull(n: Node, ctx: Ctx): { node: Node; nullable: boolean; ctx: Ctx } {
  const ref = n["$ref"];
  if (typeof ref === "string") {
    if (ctx.refs.includes(ref)) return { node: {}, nullable: true, ctx }; // recursive → JSON text
    const target = pointerGet(ctx.root, ref);
    if (!isNode(target)) throw new ContractSchemaError(`${ctx.at}: $ref "${ref}" does not point into this schema (only local #/… references are supported)`);
    return stripNull(target, { ...ctx, refs: [...ctx.refs, ref] });
  }
  const types = typesOf(n);
  if (types && types.includes("null")) {
    const rest = types.filter((t) => t !== "null");
    return { node: { ...n, type: rest.length === 1 ? rest[0] : rest }, nullable: true, ctx };
  }
  for (const k of ["anyOf", "oneOf"] as const) {
    const branches = n[k];
    if (!types && Array.isArray(branches)) {
      const nonNull = branches.filter((b) => !isNullOnly(b));
      if (nonNull.length === 1 && isNode(nonNull[0])) {
        const inner = stripNull(nonNull[0], ctx);
        return { ...inner, nullable: inner.nullable || nonNull.length < branches.length };
      }
    }
  }
  return { node: n, nullable: false, ctx };
}

function inferFromValues(n: Node): string | undefined {
  const values = Array.isArray(n["enum"]) ? n["enum"] : "const" in n ? [n["const"]] : undefined;
  if (!values) return undefined;
  const nonNull = values.filter((v) => v !== null);
  if (nonNull.length && nonNull.every((v) => typeof v === "string")) return "string";
  if (nonNull.length && nonNull.every((v) => typeof v === "boolean")) return "boolean";
  if (nonNull.length && nonNull.every((v) => Number.isInteger(v))) return "integer";
  if (nonNull.length && nonNull.every((v) => typeof v === "number")) return "number";
  return undefined;
}

function decimalShape(n: Node, ctx: Ctx, types: readonly string[] | undefined): Shape {
  const p = n["precision"];
  const s = n["scale"] ?? 0;
  if (typeof p !== "number" || !Number.isInteger(p) || p < 1 || typeof s !== "number" || !Number.isInteger(s) || s < 0 || s > p) {
    throw new ContractSchemaError(`${ctx.at}: format "decimal" needs integer "precision" ≥ 1 and "scale" between 0 and precision (e.g. "precision": 12, "scale": 2)`);
  }
  return { kind: "decimal", precision: p, scale: s, text: types?.includes("string") ?? false };
}

export function shapeOf(n0: unknown, ctx: Ctx): { shape: Shape; nullable: boolean } {
  if (n0 === true || n0 === undefined) return { shape: { kind: "json" }, nullable: true };
  if (!isNode(n0)) throw new ContractSchemaError(`${ctx.at}: a schema must be an object or true`);
  const { node: n, nullable, ctx: c } = stripNull(n0, ctx);
  const types = typesOf(n);
  const format = n["format"];
  let type: string | undefined;
  if (types) {
    const set = new Set(types);
    if (format === "decimal" && [...set].every((t) => t === "number" || t === "string" || t === "integer")) type = "number";
    else if (set.size === 2 && set.has("integer") && set.has("number")) type = "number";
    else if (set.size === 1) type = types[0];
  } else if (!Array.isArray(n["anyOf"]) && !Array.isArray(n["oneOf"])) {
    type = inferFromValues(n) ?? (isNode(n["properties"]) ? "object" : "items" in n ? "array" : undefined);
  }
  const shape = ((): Shape => {
    switch (type) {
      case "boolean":
        return { kind: "boolean" };
      case "integer":
        if (isEpochUnit(format)) return { kind: "timestamp", unit: format };
        if (format === "decimal") return decimalShape(n, c, types);
        return { kind: "integer", bits: format === "int32" ? 32 : 64 };
      case "number":
        if (isEpochUnit(format)) return { kind: "timestamp", unit: format };
        if (format === "decimal") return decimalShape(n, c, types);
        return { kind: format === "float" ? "real" : "double" };
      case "string":
        if (format === "date-time") return { kind: "timestamp", unit: "iso" };
        if (format === "date") return { kind: "date" };
        if (format === "decimal") return decimalShape(n, c, types);
        if (n["contentEncoding"] === "base64") return { kind: "binary" };
        return { kind: "string" };
      case "object":
        return objectShape(n, c);
      case "array": {
        const items = n["items"];
        if (!isNode(items)) return { kind: "json" }; // tuples and untyped arrays
        return { kind: "array", element: shapeOf(items, { ...c, at: `${c.at}/items` }).shape };
      }
      default:
        return { kind: "json" };
    }
  })();
  return { shape, nullable };
}

function objectShape(n: Node, ctx: Ctx): Shape {
  const props = n["properties"];
  const additional = n["additionalProperties"];
  if (!isNode(props) || Object.keys(props).length === 0) {
    if (isNode(additional)) return { kind: "map", value: shapeOf(additional, { ...ctx, at: `${ctx.at}/additionalProperties` }).shape };
    return { kind: "json" };
  }
  const required = new Set(Array.isArray(n["required"]) ? n["required"].filter((r): r is string => typeof r === "string") : []);
  const fields = Object.entries(props).map(([source, sub]): ShapeField => {
    const { shape, nullable } = shapeOf(sub, { ...ctx, at: `${ctx.at}/properties/${source}` });
    return { source, shape, nullable: nullable || !required.has(source) };
  });
  return { kind: "object", fields };
}

/** The root shape of a contract; it must be an object with properties (like an Avro record). */
export function rootShape(schema: unknown): { readonly kind: "object"; readonly fields: readonly ShapeField[] } {
  if (!isNode(schema)) throw new ContractSchemaError("a JSON Schema contract must be a JSON object");
  const { shape } = shapeOf(schema, { root: schema, refs: [], at: "#" });
  if (shape.kind !== "object") throw new ContractSchemaError(`the contract's root must be an object schema with "properties" (it maps to ${shape.kind})`);
  return shape;
}

export function trinoTypeOf(s: Shape): TrinoType {
  switch (s.kind) {
    case "boolean":
    case "double":
    case "real":
    case "date":
    case "json":
      return { kind: s.kind };
    case "string":
      return { kind: "varchar" };
    case "binary":
      return { kind: "varbinary" };
    case "integer":
      return { kind: s.bits === 32 ? "integer" : "bigint" };
    case "decimal":
      // Trino DECIMAL stops at 38 digits; wider decimals stay exact as text (as on the Avro path)
      return s.precision <= 38 ? { kind: "decimal", precision: s.precision, scale: s.scale } : { kind: "varchar" };
    case "timestamp":
      return { kind: "timestamptz" };
    case "object":
      return { kind: "row", fields: s.fields.map((f): RowField => ({ name: f.source.toLowerCase(), source: f.source, type: trinoTypeOf(f.shape) })) };
    case "map":
      return { kind: "map", value: trinoTypeOf(s.value) };
    case "array":
      return { kind: "array", element: trinoTypeOf(s.element) };
  }
}
