/**
 * Columns every file-landed bronze row and dead letter carries. `(_file, _file_etag, _line)`
 * identifies a record (one object version, one position in it); `_batch_end_line` (the last
 * position of the batch, good or bad) and `_file_done` (the batch reached the end of the object)
 * are the exactly-once bookkeeping, committed in the same INSERT as the rows (see progress.ts).
 */
import type { SystemColumn } from "../sql/system-columns.js";
import type { TrinoType } from "../sql/trino-type.js";

const varchar: TrinoType = { kind: "varchar" };
const bigint: TrinoType = { kind: "bigint" };
const ts: TrinoType = { kind: "timestamptz" };
const bool: TrinoType = { kind: "boolean" };

export const FILE_SYSTEM_COLUMNS: readonly SystemColumn[] = [
  { name: "_file", type: varchar, description: "object the row was read from (s3://bucket/key)" },
  { name: "_file_etag", type: varchar, description: "the object's ETag: which version of it was read" },
  { name: "_line", type: bigint, description: "line the record starts on (CSV, JSON lines) or row number (Parquet), from 1" },
  { name: "_file_modified", type: ts, description: "when the object was written to the store" },
  { name: "_ingested_at", type: ts, description: "when the batch was written to bronze" },
  { name: "_batch_end_line", type: bigint, description: "last position of this object in the same batch" },
  { name: "_file_done", type: bool, description: "true when this batch reached the end of the object" },
];

export const FILE_DEAD_LETTER_COLUMNS: readonly SystemColumn[] = [
  { name: "_file", type: varchar, description: "object the record was read from" },
  { name: "_file_etag", type: varchar, description: "the object's ETag" },
  { name: "_line", type: bigint, description: "line the record starts on (row number for Parquet); 0 for the whole file" },
  { name: "stream", type: varchar, description: "Lakeform stream name" },
  { name: "raw_text", type: varchar, description: "the record as it appears in the file (cut at 64 KB)" },
  { name: "error", type: varchar, description: "why it could not be landed" },
  { name: "_ingested_at", type: ts, description: "when it was dead-lettered" },
  { name: "_batch_end_line", type: bigint, description: "last position of this object in the same batch" },
  { name: "_covers_batch", type: bool, description: "true when the batch had no good row (so this insert alone completed it)" },
  { name: "_file_done", type: bool, description: "true when this batch reached the end of the object" },
];
