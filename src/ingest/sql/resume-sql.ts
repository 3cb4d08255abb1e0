/**
 * How far bronze (and the dead-letter table) got, per partition. See `resume.ts` for why
 * both tables and `_covers_batch` are needed.
 */
import type { StreamDecl } from "../stream-decl.js";
import { quoteString } from "./literals.js";
import { tableSql } from "./table-ref.js";

export function bronzeProgressSql(stream: StreamDecl): string {
  return `SELECT _partition, max(_batch_end_offset) FROM ${tableSql(stream.target)} WHERE _topic = ${quoteString(stream.topic)} GROUP BY _partition`;
}

export function deadLetterProgressSql(stream: StreamDecl): string {
  return (
    `SELECT _partition, max(CASE WHEN _covers_batch THEN _batch_end_offset END), max(_offset) ` +
    `FROM ${tableSql(stream.deadLetter)} WHERE _topic = ${quoteString(stream.topic)} GROUP BY _partition`
  );
}
