/**
 * Runs the parser's column lineage twice and keeps the better answer per output column.
 * Without a schema it keeps ROW field paths (`fontes_dados_adicionais.serasa_score`) but
 * attributes columns read through `SELECT *` to the CTE; with the upstream columns as schema
 * it expands stars but reports a ROW field as its whole column. An input whose "table" is
 * neither a relation nor a ROW column of an upstream relation marks the schema-less answer as
 * unreliable for that column.
 */
import { rawColumnLineage, type RawColumnLineage, type RawInputField, type RelationColumns } from "./polyglot.js";

function reliable(f: RawInputField, relations: RelationColumns): boolean {
  if (relations.has(f.name) || f.name.split(".").length >= 3) return true;
  const lower = f.name.toLowerCase();
  return [...relations.values()].some((cols) => cols.some((c) => c.name.toLowerCase() === lower));
}

export function traceFields(sql: string, relations: RelationColumns): RawColumnLineage | { readonly error: string } {
  const plain = rawColumnLineage(sql);
  if ("error" in plain) return plain;
  const suspect = [...plain.fields.values()].some((inputs) => inputs.some((f) => !reliable(f, relations)));
  const hasColumns = [...relations.values()].some((c) => c.length > 0);
  if (!suspect || !hasColumns) return plain;
  const typed = rawColumnLineage(sql, relations);
  if ("error" in typed) return plain;
  const fields = new Map(plain.fields);
  const warnings = [...plain.warnings, ...typed.warnings.filter((w) => !plain.warnings.includes(w))];
  for (const [column, inputs] of plain.fields) {
    if (inputs.every((f) => reliable(f, relations))) continue;
    const better = typed.fields.get(column);
    if (!better) continue;
    // What is still unresolved with the schema is a lambda or alias variable (x -> …), not data.
    const kept = better.filter((f) => reliable(f, relations));
    if (kept.length < better.length) warnings.push(`${column}: ignored ${better.filter((f) => !reliable(f, relations)).map((f) => `${f.name}.${f.field}`).join(", ")} (not a column of any input)`);
    fields.set(column, kept);
  }
  return { fields, warnings };
}
