/**
 * Statement pieces for seeds (`seeds/*.csv`): the rows as a typed query, and the table comment
 * that records a seed's content hash (see plan/seed.ts for why the comment).
 */

import type { Target } from "../../common/target.js";
import type { Column } from "../../plan/dialect.js";
import { checkedType } from "./checks.js";
import { quoteIdentifier, quoteString, quoteTarget } from "./quote.js";

/**
 * Values travel as varchar literals and are cast once per column: one literal syntax for every
 * type, and Trino's own CAST decides the value (the same CAST the compile-time check imitates).
 */
export function seedRows(columns: readonly Column[], rows: readonly (readonly (string | null)[])[]): string {
  const names = columns.map((c) => quoteIdentifier(c.name));
  if (rows.length === 0) {
    return `SELECT ${columns.map((c, i) => `CAST(NULL AS ${checkedType(c.type)}) AS ${names[i]}`).join(", ")}\nWHERE false`;
  }
  const select = columns.map((c, i) => `CAST(${names[i]} AS ${checkedType(c.type)}) AS ${names[i]}`).join(", ");
  const values = rows.map((r) => `  (${r.map((v) => (v === null ? "NULL" : quoteString(v))).join(", ")})`).join(",\n");
  return `SELECT ${select}\nFROM (\nVALUES\n${values}\n) AS seed (${names.join(", ")})`;
}

/** `"t$properties"` is Iceberg's metadata table of table properties; the comment is one of them. */
export function tableComments(targets: readonly Target[]): string {
  return targets
    .map((t) => {
      const meta = `${quoteIdentifier(t.database)}.${quoteIdentifier(t.schema)}.${quoteIdentifier(`${t.name}$properties`)}`;
      return `SELECT ${quoteString(`${t.database}.${t.schema}.${t.name}`)} AS table_key, value AS comment FROM ${meta} WHERE key = 'comment'`;
    })
    .join("\nUNION ALL\n");
}

export function grantSelect(target: Target, role: string): string {
  return `GRANT SELECT ON TABLE ${quoteTarget(target)} TO ROLE ${quoteIdentifier(role)}`;
}

export function commentOnColumn(target: Target, column: string, comment: string): string {
  return `COMMENT ON COLUMN ${quoteTarget(target)}.${quoteIdentifier(column)} IS ${quoteString(comment)}`;
}

export function columnComments(catalog: string, schemas: readonly string[]): string {
  const list = schemas.map((s) => quoteString(s)).join(", ");
  return `SELECT table_schema, table_name, column_name, comment FROM ${quoteIdentifier(catalog)}.information_schema.columns WHERE table_schema IN (${list}) AND comment IS NOT NULL`;
}

export function commentOnTable(target: Target, comment: string): string {
  return `COMMENT ON TABLE ${quoteTarget(target)} IS ${quoteString(comment)}`;
}
