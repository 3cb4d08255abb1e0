/**
 * The shape of a file landing (`streams/<name>.yaml` with `source: files`): objects dropped under
 * an object-store prefix, parsed as CSV, JSON lines or Parquet, typed by an Avro schema and landed
 * in bronze exactly once per object version by `lakeform ingest`. Pure (zod), like stream-file.ts.
 */
import { z } from "zod";
import type { TableRef } from "./stream-file.js";

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain identifier (letters, digits, underscore)");

const s3Prefix = z.string().regex(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/, 'must be an object-store prefix like "s3://landing/vendas/"');

/** Character sets whose delimiters and quotes are single ASCII bytes (the CSV parser works on bytes). */
export const CSV_CHARSETS = ["utf-8", "latin1", "iso-8859-1", "iso-8859-15", "windows-1252"] as const;

const oneChar = z.string().length(1, "must be one character");

const csv = z.strictObject({
  encoding: z.literal("csv"),
  schema: z.string().min(1),
  /** first line names the columns (matched to the schema's fields by name, case-insensitively) */
  header: z.boolean().default(true),
  delimiter: oneChar.default(","),
  quote: oneChar.default('"'),
  /** escape character inside quoted fields (default: the quote doubled) */
  escape: oneChar.optional(),
  charset: z.enum(CSV_CHARSETS).default("utf-8"),
  /** field texts that mean NULL (default: the empty field) */
  nullValues: z.array(z.string()).default([""]),
  /** decimal separator of numbers (`,` for Brazilian files) */
  decimal: z.enum([".", ","]).default("."),
  /** thousands separator stripped from numbers, e.g. "." with decimal "," (default: none) */
  thousands: z.enum([".", ",", " ", "_"]).optional(),
  /** date layout besides ISO-8601 (YYYY-MM-DD): "dd/MM/yyyy" for Brazilian files */
  dateFormat: z.enum(["iso", "dd/MM/yyyy"]).default("iso"),
});

const jsonl = z.strictObject({ encoding: z.literal("jsonl"), schema: z.string().min(1) });
const parquet = z.strictObject({ encoding: z.literal("parquet"), schema: z.string().min(1) });

export const fileStreamSchema = z.strictObject({
  source: z.literal("files"),
  name: identifier.optional(),
  description: z.string().optional(),
  /** where files land: every object under this prefix is one input file */
  location: s3Prefix,
  /** only keys matching this regular expression (relative to `location`) are read, e.g. "\\.csv$" */
  pattern: z.string().min(1).optional(),
  format: z.discriminatedUnion("encoding", [csv, jsonl, parquet]),
  target: z
    .strictObject({
      catalog: identifier.default("iceberg"),
      schema: identifier.default("bronze"),
      table: identifier.optional(),
      partitioning: z.array(z.string().min(1)).default([]),
      nested: z.enum(["row", "flatten"]).default("row"),
    })
    .prefault({}),
  key: z.strictObject({ field: z.string().min(1) }).optional(),
  /** schema fields that must be non-null; otherwise the row is dead-lettered */
  required: z.array(z.string().min(1)).default([]),
  batch: z.strictObject({ maxRows: z.number().int().positive().default(50_000) }).prefault({}),
  /** after a file is fully landed: leave it (default) or move it under this prefix */
  archive: z.strictObject({ to: s3Prefix }).optional(),
  deadLetter: z.strictObject({ table: z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/, "must be table or schema.table") }).optional(),
});

export type FileStreamFile = z.output<typeof fileStreamSchema>;
export type FileFormat = FileStreamFile["format"];

/** `s3://bucket/a/b/` → { bucket, prefix: "a/b/" } */
export function splitS3Uri(uri: string): { readonly bucket: string; readonly prefix: string } {
  const rest = uri.replace(/^s3:\/\//, "");
  const slash = rest.indexOf("/");
  return slash < 0 ? { bucket: rest, prefix: "" } : { bucket: rest.slice(0, slash), prefix: rest.slice(slash + 1) };
}

/** The stream's name: `name:`, else the file name without `.yaml`. */
export function fileStreamName(file: FileStreamFile, fileName: string): string {
  return file.name ?? fileName.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
}

/** Where a file landing lands, every default applied (as `streamTables` for Kafka streams). */
export function fileStreamTables(file: FileStreamFile, name: string): { readonly target: TableRef; readonly deadLetter: TableRef } {
  const t = file.target;
  const table = t.table ?? name;
  const dl = file.deadLetter?.table.split(".") ?? [`${table}_dead_letter`];
  return {
    target: { catalog: t.catalog, schema: t.schema, table },
    deadLetter: { catalog: t.catalog, schema: dl.length === 2 ? (dl[0] ?? t.schema) : t.schema, table: dl[dl.length - 1] ?? `${table}_dead_letter` },
  };
}
