/**
 * Indirect column lineage (OpenLineage's dataset-level `INDIRECT` inputs): the columns in
 * WHERE, JOIN … ON, GROUP BY, HAVING and ORDER BY of every SELECT scope. The parser's lineage
 * only traces select-list expressions, so each such column is traced with a probe query:
 * the same scope (same FROM/JOINs and the statement's CTEs) selecting just that column.
 */
import { aliased, columnRefs, isObject, selectScopes, type JsonObject } from "./ast.js";
import { generateSql, type RawInputField, type RelationColumns } from "./polyglot.js";
import { traceFields } from "./trace-fields.js";
import type { IndirectSubtype } from "./types.js";

const PROBE = "__lakeform_probe";

const CLAUSES: readonly (readonly [string, IndirectSubtype])[] = [
  ["where_clause", "FILTER"],
  ["having", "FILTER"],
  ["qualify", "FILTER"],
  ["group_by", "GROUP_BY"],
  ["order_by", "SORT"],
];

export interface RawIndirect extends RawInputField {
  readonly indirect: IndirectSubtype;
}

function clauseColumns(scope: JsonObject): (readonly [JsonObject, IndirectSubtype])[] {
  const out: (readonly [JsonObject, IndirectSubtype])[] = [];
  for (const [key, subtype] of CLAUSES) for (const c of columnRefs(scope[key])) out.push([c, subtype]);
  const joins = Array.isArray(scope.joins) ? scope.joins : [];
  for (const j of joins) if (isObject(j)) for (const c of columnRefs(j.on)) out.push([c, "JOIN"]);
  return out;
}

function probeSql(scope: JsonObject, column: JsonObject, withClause: unknown): string | undefined {
  const body: JsonObject = {
    ...scope,
    expressions: [aliased(column, PROBE)],
    where_clause: null,
    group_by: null,
    having: null,
    qualify: null,
    order_by: null,
    limit: null,
    offset: null,
    with: scope.with ?? withClause ?? null,
  };
  return generateSql([{ select: body }]);
}

/** Indirect inputs of a statement given its parsed AST (one statement). */
export function rawIndirectLineage(statement: unknown, relations: RelationColumns = new Map()): { readonly inputs: RawIndirect[]; readonly warnings: string[] } {
  const scopes = selectScopes(statement);
  const rootWith = scopes[0]?.with;
  const inputs: RawIndirect[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const scope of scopes) {
    for (const [column, subtype] of clauseColumns(scope)) {
      const sql = probeSql(scope, column, rootWith);
      if (sql === undefined || seen.has(`${subtype}\u0000${sql}`)) continue;
      seen.add(`${subtype}\u0000${sql}`);
      const r = traceFields(sql, relations);
      if ("error" in r) {
        warnings.push(`could not trace a ${subtype} column: ${r.error}`);
        continue;
      }
      for (const f of r.fields.get(PROBE) ?? []) inputs.push({ ...f, indirect: subtype });
    }
  }
  return { inputs, warnings };
}
