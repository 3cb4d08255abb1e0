/**
 * Maps an avsc `Type` to bronze columns. Records become ROW columns, or — for streams
 * declared `nested: flatten` — top-level columns named `parent_child`. Nullable unions
 * (`["null", T]`) map to T (every Trino column is nullable); other unions become a JSON
 * VARCHAR because Trino has no sum type.
 */
import type avro from "avsc";
import type { RowField, TrinoType } from "../sql/trino-type.js";

export interface PayloadColumn {
  readonly name: string;
  readonly type: TrinoType;
  /** path of Avro field names from the record root */
  readonly path: readonly string[];
  /** false when Avro guarantees a value (no null branch anywhere on the path) */
  readonly nullable: boolean;
}

interface AvscType {
  readonly typeName: string;
}
interface AvscRecord extends AvscType {
  readonly fields: readonly { readonly name: string; readonly type: avro.Type }[];
}

function fieldsOf(t: avro.Type): readonly { readonly name: string; readonly type: avro.Type }[] {
  return (t as unknown as AvscRecord).fields;
}

/** Strips a `["null", T]` union to T; returns whether null was allowed. */
export function unwrapNullable(t: avro.Type): { type: avro.Type; nullable: boolean } {
  if (t.typeName.startsWith("union")) {
    const branches = (t as unknown as { types: avro.Type[] }).types;
    const nonNull = branches.filter((b) => b.typeName !== "null");
    if (nonNull.length === 1 && nonNull[0] && branches.length === 2) return { type: nonNull[0], nullable: true };
  }
  return { type: t, nullable: t.typeName === "null" };
}

export function avroToTrino(t0: avro.Type): TrinoType {
  const { type: t } = unwrapNullable(t0);
  const name = t.typeName;
  if (name.startsWith("logical:")) {
    const logical = name.slice("logical:".length);
    if (logical === "timestamp-millis" || logical === "timestamp-micros") return { kind: "timestamptz" };
    if (logical === "date") return { kind: "date" };
    if (logical === "decimal") {
      const d = t as unknown as { precision: number; scale: number };
      // Trino DECIMAL stops at 38 digits; wider decimals stay exact as text
      return d.precision <= 38 ? { kind: "decimal", precision: d.precision, scale: d.scale } : { kind: "varchar" };
    }
    return avroToTrino((t as unknown as { underlyingType: avro.Type }).underlyingType);
  }
  switch (name) {
    case "boolean":
      return { kind: "boolean" };
    case "int":
      return { kind: "integer" };
    case "long":
    case "abstract:long":
      return { kind: "bigint" };
    case "float":
      return { kind: "real" };
    case "double":
      return { kind: "double" };
    case "bytes":
    case "fixed":
      return { kind: "varbinary" };
    case "string":
    case "enum":
    case "null":
      return { kind: "varchar" };
    case "record":
    case "error":
      return {
        kind: "row",
        fields: fieldsOf(t).map((f): RowField => ({ name: f.name.toLowerCase(), source: f.name, type: avroToTrino(f.type) })),
      };
    case "array":
      return { kind: "array", element: avroToTrino((t as unknown as { itemsType: avro.Type }).itemsType) };
    case "map":
      return { kind: "map", value: avroToTrino((t as unknown as { valuesType: avro.Type }).valuesType) };
    default:
      return { kind: "json" };
  }
}

function isRecord(t: avro.Type): boolean {
  return t.typeName === "record" || t.typeName === "error";
}

/** Top-level payload columns of a record schema. */
export function payloadColumns(root: avro.Type, nested: "row" | "flatten"): PayloadColumn[] {
  if (!isRecord(root)) throw new Error(`the stream's Avro schema must be a record, got ${root.typeName}`);
  const out: PayloadColumn[] = [];
  const walk = (rec: avro.Type, path: string[], prefix: string, parentNullable: boolean) => {
    for (const f of fieldsOf(rec)) {
      const { type, nullable } = unwrapNullable(f.type);
      const name = `${prefix}${f.name.toLowerCase()}`;
      if (nested === "flatten" && isRecord(type)) {
        walk(type, [...path, f.name], `${name}_`, parentNullable || nullable);
      } else {
        out.push({ name, type: avroToTrino(f.type), path: [...path, f.name], nullable: parentNullable || nullable });
      }
    }
  };
  walk(root, [], "", false);
  return out;
}
