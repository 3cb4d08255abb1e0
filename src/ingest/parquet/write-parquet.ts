/** The one importer of `hyparquet-writer`: staging columns + rows → a Parquet file in memory. */
import { parquetWriteBuffer } from "hyparquet-writer";
import type { ColumnSource, SchemaElement } from "hyparquet-writer";
import { parquetSchema, toColumns, type StagingColumn } from "./staging.js";

export function writeParquet(columns: readonly StagingColumn[], rows: readonly (readonly unknown[])[]): Uint8Array {
  const data = toColumns(columns, rows);
  const columnData = columns.map((c, i) => ({ name: c.name, data: data[i]! }) as unknown as ColumnSource);
  const buf = parquetWriteBuffer({
    columnData,
    schema: parquetSchema(columns) as unknown as SchemaElement[],
    // one row group: a batch is read once, by one INSERT … SELECT
    rowGroupSize: Math.max(1, rows.length),
    createdBy: "lakeform ingest",
  });
  return new Uint8Array(buf);
}
