/**
 * A validated file landing (`streams/<name>.yaml` with `source: files`), paths made absolute.
 * Loaded by `loadFileStreams` (load.ts); landed by `FileIngester` (file-ingester.ts).
 */
import type { PayloadColumn } from "../avro/to-trino.js";
import type { JsonContract } from "../json/contract.js";
import type { BronzeColumnInfo, TableRef } from "../stream-decl.js";

export type FileEncoding = "csv" | "jsonl" | "parquet";

export interface CsvOptions {
  readonly header: boolean;
  readonly delimiter: string;
  readonly quote: string;
  readonly escape: string | undefined;
  readonly charset: string;
  readonly nullValues: readonly string[];
  readonly decimal: "." | ",";
  readonly thousands: string | undefined;
  readonly dateFormat: "iso" | "dd/MM/yyyy";
}

export interface FileStreamDecl {
  readonly kind: "files";
  readonly name: string;
  /** the declaring file, relative to the project dir */
  readonly file: string;
  readonly description: string | undefined;
  /** `s3://bucket/prefix/` as declared */
  readonly location: string;
  readonly bucket: string;
  readonly prefix: string;
  /** keys (relative to the prefix) must match, when declared */
  readonly pattern: RegExp | undefined;
  readonly encoding: FileEncoding;
  readonly csv: CsvOptions | undefined;
  readonly schemaFile: string;
  /** set when the schema is a JSON Schema (the JSON streams' contract module types and validates records) */
  readonly contract: JsonContract | undefined;
  readonly target: TableRef & { readonly partitioning: readonly string[]; readonly nested: "row" | "flatten" };
  readonly deadLetter: TableRef;
  readonly keyField: string | undefined;
  readonly required: readonly string[];
  readonly batch: { readonly maxRows: number };
  /** move landed files here (default: leave them in place) */
  readonly archive: { readonly bucket: string; readonly prefix: string } | undefined;
  readonly payloadColumns: readonly PayloadColumn[];
  /** Avro field defaults, aligned with `payloadColumns` (undefined: none), used for absent fields */
  readonly defaults: readonly unknown[];
  readonly columns: readonly BronzeColumnInfo[];
}
