/**
 * The Trino column types bronze tables use, as data. Kept to what Iceberg stores:
 * Iceberg has only microsecond timestamps, so every Avro timestamp becomes
 * `timestamp(6) with time zone`, and DECIMAL stops at precision 38.
 */
import { quoteIdentifier } from "../../adapters/trino/quote.js";

export type TrinoType =
  | { readonly kind: "boolean" | "integer" | "bigint" | "real" | "double" | "varchar" | "varbinary" | "date" | "timestamptz" }
  /** VARCHAR holding the JSON of a value Trino has no type for (e.g. a multi-branch Avro union) */
  | { readonly kind: "json" }
  | { readonly kind: "decimal"; readonly precision: number; readonly scale: number }
  | { readonly kind: "row"; readonly fields: readonly RowField[] }
  | { readonly kind: "array"; readonly element: TrinoType }
  | { readonly kind: "map"; readonly value: TrinoType };

export interface RowField {
  /** Trino name (lower case: Trino folds identifiers) */
  readonly name: string;
  /** name of the field in the decoded Avro record */
  readonly source: string;
  readonly type: TrinoType;
}

// One quoting for all Trino SQL: adapters/trino/quote.ts. The alias keeps ingest's importers.
export { quoteIdentifier as quoteIdent } from "../../adapters/trino/quote.js";

export function typeSql(t: TrinoType): string {
  switch (t.kind) {
    case "boolean":
    case "integer":
    case "bigint":
    case "real":
    case "double":
    case "varchar":
    case "varbinary":
    case "date":
      return t.kind.toUpperCase();
    case "json":
      return "VARCHAR";
    case "timestamptz":
      return "TIMESTAMP(6) WITH TIME ZONE";
    case "decimal":
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case "row":
      return `ROW(${t.fields.map((f) => `${quoteIdentifier(f.name)} ${typeSql(f.type)}`).join(", ")})`;
    case "array":
      return `ARRAY(${typeSql(t.element)})`;
    case "map":
      return `MAP(VARCHAR, ${typeSql(t.value)})`;
  }
}

/**
 * Normalises a type as Trino spells it in `information_schema.columns.data_type`
 * (`row(latitude double, ...)`) or as `typeSql` does, so the two can be compared.
 */
export function normalizeTypeText(text: string): string {
  return text.toLowerCase().replace(/"/g, "").replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1").trim();
}
