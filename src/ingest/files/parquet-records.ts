/**
 * Parquet objects → records, one row group at a time (hyparquet, ranged reads of the object): a
 * 1 GB file never sits in memory whole, only the footer and one row group. `line` is the row
 * number from 1. Rows whose values do not fit the schema's columns are dead letters.
 */
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import type { PayloadColumn } from "../avro/to-trino.js";
import { toJsonText } from "../sql/literals.js";
import { contractRecord, objectRecord } from "./jsonl-records.js";
import type { JsonContract } from "../json/contract.js";
import { flatten, type FileRecord } from "./records.js";

export function parquetRecords(file: AsyncBuffer, columns: readonly PayloadColumn[], fromRow = 0, defaults: readonly unknown[] = [], contract?: JsonContract): AsyncGenerator<FileRecord> {
  return flatten(parquetRecordChunks(file, columns, fromRow, defaults, contract));
}

/** The records of each row group, one array per row group. */
export async function* parquetRecordChunks(file: AsyncBuffer, columns: readonly PayloadColumn[], fromRow = 0, defaults: readonly unknown[] = [], contract?: JsonContract): AsyncGenerator<FileRecord[]> {
  const metadata = await parquetMetadataAsync(file);
  let rowStart = 0;
  for (const rg of metadata.row_groups) {
    const rowEnd = rowStart + Number(rg.num_rows);
    if (rowEnd > fromRow) {
      const rows = await parquetReadObjects({ file, metadata, rowStart: Math.max(rowStart, fromRow), rowEnd, compressors });
      const first = Math.max(rowStart, fromRow);
      const raw = (r: Record<string, unknown>) => () => toJsonText(r).slice(0, 64 * 1024);
      const out = rows.map((r, i) => (contract ? contractRecord(first + i + 1, contract.validate(jsonish(r)), columns, raw(r)) : objectRecord(first + i + 1, r, columns, raw(r), defaults)));
      yield out;
    }
    rowStart = rowEnd;
  }
}

/** Parquet values as JSON would carry them, for a JSON Schema contract: instants as ISO text, bytes as base64. */
function jsonish(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(jsonish);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, jsonish(e)]));
  return v;
}
