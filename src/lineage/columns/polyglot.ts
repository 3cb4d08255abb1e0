/**
 * Lineage's one importer of `@polyglot-sql/sdk` (a Rust/WASM port of sqlglot with a Trino dialect;
 * `lakeform migrate` uses it too, in src/migrate/transpile-sql.ts).
 * Everything it returns is checked here and turned into Lakeform's own types, so no parser
 * shape leaks out. Parser failures become `undefined` + a message, never exceptions.
 */
import { Dialect, generate, lineage, openLineageColumnLineage, parse } from "@polyglot-sql/sdk";

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

/** Known columns of the relations a query reads, keyed by `catalog.schema.table`. */
export type RelationColumns = ReadonlyMap<string, readonly { readonly name: string; readonly type?: string | undefined }[]>;

/**
 * Output column → input fields, or an error message when the SQL does not parse. With the
 * upstream columns, `SELECT *` in CTEs is expanded (without them the parser attributes columns
 * read through a star to the CTE). Relations are registered under their full dotted key, which
 * is how the parser names three-part table references.
 */
export function rawColumnLineage(sql: string, relations?: RelationColumns): RawColumnLineage | { readonly error: string } {
  const tables = [...(relations?.entries() ?? [])]
    .filter(([, cols]) => cols.length > 0)
    .map(([name, cols]) => ({ name, columns: cols.map((c) => ({ name: c.name, type: c.type ?? "varchar" })) }));
  const r = openLineageColumnLineage(sql, {
    dialect: PARSER_DIALECT,
    producer: "lakeform",
    datasetNamespace: "lakeform",
    outputDataset: { namespace: "lakeform", name: "__output__" },
    ...(tables.length ? { schema: { tables, strict: false } } : {}),
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

const AGGREGATES = "count|count_if|sum|avg|min|max|min_by|max_by|approx_percentile|approx_distinct|approx_most_frequent|stddev|stddev_samp|stddev_pop|variance|var_samp|var_pop|array_agg|map_agg|listagg|bool_and|bool_or|every|arbitrary|any_value|histogram|geometric_mean|checksum|corr|covar_samp|covar_pop|regr_slope|regr_intercept|kurtosis|skewness";
const AGGREGATE_TEXT = new RegExp(`\\b(${AGGREGATES})\\s*\\(`, "i");
const AGGREGATE_NODE = new RegExp(`"(${AGGREGATES})"\\s*:|"name"\\s*:\\s*"(${AGGREGATES})"`, "i");

/**
 * Output columns whose value passes through an aggregate anywhere along the way (in a CTE or
 * subquery too). The OpenLineage facet only reports the outermost expression's subtype, so
 * `SELECT s.avg_x FROM (SELECT avg(x) AS avg_x …) s` would otherwise read as IDENTITY.
 */
export function aggregatedColumns(sql: string, columns: readonly string[]): Set<string> {
  const out = new Set<string>();
  if (!AGGREGATE_TEXT.test(sql)) return out;
  for (const column of columns) {
    const r = lineage(column, sql, PARSER_DIALECT);
    const stack = r.success && r.lineage ? [r.lineage] : [];
    while (stack.length) {
      const node = stack.pop();
      if (!node) break;
      if (AGGREGATE_NODE.test(JSON.stringify(node.expression))) {
        out.add(column);
        break;
      }
      stack.push(...node.downstream);
    }
  }
  return out;
}
