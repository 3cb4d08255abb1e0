/**
 * The one importer of `@polyglot-sql/sdk` (a Rust/WASM port of sqlglot with a Trino dialect).
 * Everything it returns is checked here and turned into Lakeform's own types, so no parser
 * shape leaks out. Parser failures become `undefined` + a message, never exceptions.
 */
import { Dialect, generate, openLineageColumnLineage, parse } from "@polyglot-sql/sdk";

export const PARSER_DIALECT = Dialect.Trino;
export const PARSER_ID = "@polyglot-sql/sdk@0.12";

export interface RawInputField {
  readonly name: string;
  readonly field: string;
  readonly subtype: string;
  readonly description?: string | undefined;
}

export interface RawColumnLineage {
  readonly fields: ReadonlyMap<string, readonly RawInputField[]>;
  readonly warnings: readonly string[];
}

/** Output column → input fields, or an error message when the SQL does not parse. */
export function rawColumnLineage(sql: string): RawColumnLineage | { readonly error: string } {
  const r = openLineageColumnLineage(sql, {
    dialect: PARSER_DIALECT,
    producer: "lakeform",
    datasetNamespace: "lakeform",
    outputDataset: { namespace: "lakeform", name: "__output__" },
  });
  if (!r.success || !r.facet) return { error: r.error ?? "column lineage failed" };
  const fields = new Map<string, RawInputField[]>();
  for (const [column, entry] of Object.entries(r.facet.fields)) {
    fields.set(
      column,
      entry.inputFields.map((f) => {
        const t = f.transformations?.[0];
        return { name: f.name, field: f.field, subtype: t?.subtype ?? "TRANSFORMATION", description: t?.description };
      }),
    );
  }
  // Constants (current_timestamp, literals) have no inputs by design: not worth a warning.
  const warnings = r.warnings.filter((w) => w.code !== "W_EMPTY_FIELD_LINEAGE").map((w) => w.message);
  return { fields, warnings };
}

/** JSON AST of the statements, or an error message. The AST is plain JSON (`unknown` by design). */
export function parseStatements(sql: string): { readonly ast: readonly unknown[] } | { readonly error: string } {
  const r = parse(sql, PARSER_DIALECT);
  if (!r.success || !Array.isArray(r.ast)) return { error: r.error ?? "parse failed" };
  return { ast: r.ast as unknown[] };
}

/** SQL text for AST statements (used to build probe queries). */
export function generateSql(ast: readonly unknown[]): string | undefined {
  const r = generate([...ast], PARSER_DIALECT);
  return r.success && r.sql ? r.sql.join(";\n") : undefined;
}
