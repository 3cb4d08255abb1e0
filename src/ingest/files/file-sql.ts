/**
 * The statements a file landing runs: its two tables' DDL, the progress reads and the inserts.
 * Quoting through adapters/trino/quote.ts (via ingest/sql), like the Kafka path's.
 */
import { AvroTimestamp } from "../avro/timestamp.js";
import { jsonInsertSql, type JsonColumn } from "../sql/json-rows.js";
import { quoteString, renderLiteral } from "../sql/literals.js";
import { createTableSql, type ColumnSpec } from "../sql/ddl.js";
import { tableSql } from "../sql/table-ref.js";
import type { TableRef } from "../stream-decl.js";
import { quoteIdent } from "../sql/trino-type.js";
import type { FileStreamDecl } from "./file-stream-decl.js";
import { FILE_DEAD_LETTER_COLUMNS, FILE_SYSTEM_COLUMNS } from "./system-columns.js";

export function fileBronzeColumns(s: Pick<FileStreamDecl, "payloadColumns">): ColumnSpec[] {
  return [...s.payloadColumns.map((c) => ({ name: c.name, type: c.type })), ...FILE_SYSTEM_COLUMNS];
}

export function createFileBronzeSql(s: FileStreamDecl): string {
  return createTableSql(s.target, fileBronzeColumns(s), s.target.partitioning);
}

export function createFileDeadLetterSql(s: FileStreamDecl): string {
  return createTableSql(s.deadLetter, FILE_DEAD_LETTER_COLUMNS, ["month(_ingested_at)"]);
}

/** Rows: `[_file, _file_etag, max_end, done]`. */
export function fileBronzeProgressSql(s: FileStreamDecl): string {
  return `SELECT _file, _file_etag, max(_batch_end_line), bool_or(_file_done) FROM ${tableSql(s.target)} GROUP BY _file, _file_etag`;
}

/** Rows: `[_file, _file_etag, max_covering_end, max_line, done]`. */
export function fileDeadLetterProgressSql(s: FileStreamDecl): string {
  return (
    `SELECT _file, _file_etag, max(CASE WHEN _covers_batch THEN _batch_end_line END), max(_line), bool_or(_covers_batch AND _file_done) ` +
    `FROM ${tableSql(s.deadLetter)} WHERE stream = ${quoteString(s.name)} GROUP BY _file, _file_etag`
  );
}

/** What a batch has in common: it belongs to one object version. */
export interface BatchFile {
  readonly uri: string;
  readonly etag: string;
  readonly modified: Date;
  readonly endLine: number;
  readonly done: boolean;
  readonly ingestedAt: AvroTimestamp;
}

const ts = (t: AvroTimestamp) => renderLiteral({ kind: "timestamptz" }, t);

/** The JSON-row INSERT: payload columns and `_line` per row, the rest constants of the batch. */
export function fileBronzeInsertSql(s: FileStreamDecl, f: BatchFile, escapedRows: readonly string[]): string {
  const constant: Record<string, string> = {
    _file: quoteString(f.uri),
    _file_etag: quoteString(f.etag),
    _file_modified: ts(AvroTimestamp.fromDate(f.modified)),
    _ingested_at: ts(f.ingestedAt),
    _batch_end_line: String(f.endLine),
    _file_done: f.done ? "TRUE" : "FALSE",
  };
  const columns = fileBronzeColumns(s).map((c): JsonColumn => (constant[c.name] !== undefined ? { ...c, constant: constant[c.name] } : c));
  return jsonInsertSql(tableSql(s.target), columns, escapedRows);
}

export interface DeadRow {
  readonly line: number;
  readonly raw: string;
  readonly error: string;
}

export function fileDeadLetterInsertSql(s: FileStreamDecl, f: BatchFile, rows: readonly DeadRow[], coversBatch: boolean): string {
  const values = rows.map((r) =>
    [
      quoteString(f.uri),
      quoteString(f.etag),
      String(r.line),
      quoteString(s.name),
      quoteString(r.raw.slice(0, 64 * 1024)),
      quoteString(r.error.slice(0, 4000)),
      ts(f.ingestedAt),
      String(f.endLine),
      coversBatch ? "TRUE" : "FALSE",
      f.done ? "TRUE" : "FALSE",
    ].join(", "),
  );
  return `INSERT INTO ${tableSql(s.deadLetter)} (${FILE_DEAD_LETTER_COLUMNS.map((c) => quoteIdent(c.name)).join(", ")}) VALUES\n${values.map((v) => `(${v})`).join(",\n")}`;
}

/** The table's DDL as Trino prints it: `tableLocationOf` reads its `location` property. */
export function showCreateTableSql(t: TableRef): string {
  return `SHOW CREATE TABLE ${tableSql(t)}`;
}

/** The `location = '…'` of a `SHOW CREATE TABLE` text (Iceberg prints it for every table). */
export function tableLocationOf(ddl: string): string | undefined {
  const m = /\blocation = '((?:[^']|'')*)'/.exec(ddl);
  return m?.[1]?.replaceAll("''", "'").replace(/\/+$/, "");
}

/** The staged files' rows into bronze: same columns on both sides, no casts (parquet-landing.ts). */
export function insertFromStagedFileSql(target: TableRef, staging: TableRef, columns: readonly ColumnSpec[], files: readonly string[]): string {
  const cols = columns.map((c) => quoteIdent(c.name)).join(", ");
  return `INSERT INTO ${tableSql(target)} (${cols})\nSELECT ${cols}\nFROM ${tableSql(staging)}\nWHERE "$path" IN (${files.map(quoteString).join(", ")})`;
}
