/**
 * Parquet objects → records, one row group at a time (hyparquet, ranged reads of the object): a
 * 1 GB file never sits in memory whole, only the footer and one row group. `line` is the row
 * number from 1. Rows whose values do not fit the schema's columns are dead letters.
 */
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import type { PayloadColumn } from "../avro/to-trino.js";
import { toJsonText } from "../sql/literals.js";
import { objectRecord } from "./jsonl-records.js";
import type { FileRecord } from "./records.js";

export async function* parquetRecords(file: AsyncBuffer, columns: readonly PayloadColumn[], fromRow = 0): AsyncGenerator<FileRecord> {
  const metadata = await parquetMetadataAsync(file);
  let rowStart = 0;
  for (const rg of metadata.row_groups) {
    const rowEnd = rowStart + Number(rg.num_rows);
    if (rowEnd > fromRow) {
      const rows = await parquetReadObjects({ file, metadata, rowStart: Math.max(rowStart, fromRow), rowEnd, compressors });
      const first = Math.max(rowStart, fromRow);
      const out = rows.map((r, i) => objectRecord(first + i + 1, r, columns, () => toJsonText(r).slice(0, 64 * 1024)));
      yield* out;
    }
    rowStart = rowEnd;
  }
}
