/**
 * DDL for bronze and dead-letter tables: created on first use (IF NOT EXISTS, so two
 * ingesters racing is harmless) with the declared partitioning. Columns a newer reader
 * schema adds are added with ALTER TABLE; anything else that differs is reported, not fixed.
 */
import type { StreamDecl, TableRef } from "../stream-decl.js";
import { quoteString } from "./literals.js";
import { BRONZE_SYSTEM_COLUMNS, DEAD_LETTER_COLUMNS } from "./system-columns.js";
import { tableSql } from "./table-ref.js";
import { normalizeTypeText, quoteIdent, type TrinoType, typeSql } from "./trino-type.js";

export interface ColumnSpec {
  readonly name: string;
  readonly type: TrinoType;
}

export function bronzeColumns(stream: Pick<StreamDecl, "payloadColumns">): ColumnSpec[] {
  return [...stream.payloadColumns.map((c) => ({ name: c.name, type: c.type })), ...BRONZE_SYSTEM_COLUMNS];
}

export function createSchemaSql(t: TableRef): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(t.catalog)}.${quoteIdent(t.schema)}`;
}

export function createTableSql(t: TableRef, columns: readonly ColumnSpec[], partitioning: readonly string[]): string {
  const cols = columns.map((c) => `  ${quoteIdent(c.name)} ${typeSql(c.type)}`).join(",\n");
  const props = [`format = 'PARQUET'`, `format_version = 2`];
  if (partitioning.length) props.push(`partitioning = ARRAY[${partitioning.map(quoteString).join(", ")}]`);
  return `CREATE TABLE IF NOT EXISTS ${tableSql(t)} (\n${cols}\n)\nWITH (${props.join(", ")})`;
}

export function createBronzeSql(stream: StreamDecl): string {
  return createTableSql(stream.target, bronzeColumns(stream), stream.target.partitioning);
}

export function createDeadLetterSql(stream: StreamDecl): string {
  return createTableSql(stream.deadLetter, DEAD_LETTER_COLUMNS, ["month(_ingested_at)"]);
}

export function describeColumnsSql(t: TableRef): string {
  return (
    `SELECT column_name, data_type FROM ${quoteIdent(t.catalog)}.information_schema.columns ` +
    `WHERE table_schema = ${quoteString(t.schema)} AND table_name = ${quoteString(t.table)} ORDER BY ordinal_position`
  );
}

export type SchemaDrift = { readonly add: ColumnSpec[]; readonly conflicts: string[] };

/** Compares an existing table's columns (name, Trino data_type) with what the stream needs. */
export function schemaDrift(existing: readonly { name: string; type: string }[], wanted: readonly ColumnSpec[]): SchemaDrift {
  const have = new Map(existing.map((c) => [c.name.toLowerCase(), normalizeTypeText(c.type)]));
  const add: ColumnSpec[] = [];
  const conflicts: string[] = [];
  for (const c of wanted) {
    const t = have.get(c.name);
    if (t === undefined) add.push(c);
    else if (t !== normalizeTypeText(typeSql(c.type))) conflicts.push(`column ${c.name} is ${t} but the stream needs ${normalizeTypeText(typeSql(c.type))}`);
  }
  return { add, conflicts };
}

export function addColumnSql(t: TableRef, c: ColumnSpec): string {
  return `ALTER TABLE ${tableSql(t)} ADD COLUMN IF NOT EXISTS ${quoteIdent(c.name)} ${typeSql(c.type)}`;
}
