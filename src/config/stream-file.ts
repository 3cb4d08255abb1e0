/**
 * The shape of `streams/*.yaml` and its defaults — the one reader every consumer shares (compile
 * exposes the tables as declarations, ingest lands them, lineage and simulate draw and feed them).
 * Validated with zod. Everything has a default except the topic and the Avro schema, so a minimal
 * stream is three lines. Avro schema files are read by ingest, not here: this module stays pure.
 */
import { z } from "zod";

const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a plain identifier (letters, digits, underscore)");

const byteSize = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\s*\d+(\.\d+)?\s*(b|kb|mb|gb)?\s*$/i, 'must be a byte count like 8388608 or "8mb"')
    .transform(parseByteSize),
]);

export function parseByteSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(text);
  if (!m) return NaN;
  const unit = (m[2] ?? "b").toLowerCase();
  const mult = unit === "gb" ? 1024 ** 3 : unit === "mb" ? 1024 ** 2 : unit === "kb" ? 1024 : 1;
  return Math.round(Number(m[1]) * mult);
}

const format = z.discriminatedUnion("encoding", [
  z.strictObject({
    /** plain Avro binary, one schema for the whole topic */
    encoding: z.literal("raw"),
    /** reader schema: the bronze columns follow it */
    schema: z.string().min(1),
    /** schema the producer writes with, when it differs from the reader schema */
    writerSchema: z.string().min(1).optional(),
  }),
  z.strictObject({
    /** Confluent wire format: byte 0, 4-byte big-endian schema id, Avro body */
    encoding: z.literal("confluent"),
    schema: z.string().min(1),
    /** writer schemas known locally, by registry id (no registry round trip for these) */
    schemaIds: z.record(z.string().regex(/^\d+$/, "schema ids are non-negative integers"), z.string().min(1)).optional(),
    /** Confluent-compatible schema registry, asked for ids not in schemaIds */
    registryUrl: z.url().optional(),
  }),
  z.strictObject({
    /** UTF-8 JSON objects, typed and validated by a contract (ingest/json/contract.ts) */
    encoding: z.literal("json"),
    /** the contract: a JSON Schema file, or an Avro schema (`.avsc`) read as one */
    schema: z.string().min(1),
    /** what `schema` is; default: `avro` for `.avsc` files, else `jsonSchema` */
    contract: z.enum(["jsonSchema", "avro"]).optional(),
  }),
]);

export const streamFileSchema = z.strictObject({
  /** Kafka (the default); `source: files` declarations are read by file-stream-file.ts */
  source: z.literal("kafka").optional(),
  name: identifier.optional(),
  description: z.string().optional(),
  topic: z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "is not a valid Kafka topic name"),
  format,
  target: z
    .strictObject({
      catalog: identifier.default("iceberg"),
      schema: identifier.default("bronze"),
      table: identifier.optional(),
      /** Iceberg partition transforms, e.g. ["month(_ingested_at)", "tipo_pessoa"] */
      partitioning: z.array(z.string().min(1)).default([]),
      /** nested Avro records as ROW columns, or flattened to parent_child columns */
      nested: z.enum(["row", "flatten"]).default("row"),
    })
    .prefault({}),
  /** the payload field that identifies the business entity (documentation and lineage) */
  key: z.strictObject({ field: z.string().min(1) }).optional(),
  /** payload fields (dotted paths) that must be non-null; otherwise the message is dead-lettered */
  required: z.array(z.string().min(1)).default([]),
  batch: z
    .strictObject({
      maxRows: z.number().int().positive().default(10_000),
      maxBytes: byteSize.default(16 * 1024 * 1024),
      maxAgeMs: z.number().int().positive().default(2_000),
    })
    .prefault({}),
  consumer: z.strictObject({ group: z.string().min(1).optional() }).prefault({}),
  /** a string that is not valid UTF-8: dead-letter the message (default) or land it with U+FFFD, counted in the metrics */
  invalidUtf8: z.enum(["deadLetter", "replace"]).default("deadLetter"),
  deadLetter: z.strictObject({ table: z.string().regex(/^([A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/, "must be table or schema.table") }).optional(),
});

export type StreamFile = z.output<typeof streamFileSchema>;

export interface TableRef {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
}

/** The stream's name: `name:`, else the file name without `.yaml`. */
export function streamName(file: StreamFile, fileName: string): string {
  return file.name ?? fileName.replace(/^.*\//, "").replace(/\.ya?ml$/, "");
}

/**
 * Where a stream lands, with every default applied: `<catalog>.<schema>.<table ?? name>` and its
 * dead-letter table `<name>_dead_letter` beside it (`deadLetter.table` may be `table` or
 * `schema.table`; the catalog is always the target's).
 */
export function streamTables(file: StreamFile, name: string): { readonly target: TableRef; readonly deadLetter: TableRef } {
  const t = file.target;
  const table = t.table ?? name;
  const dl = file.deadLetter?.table.split(".") ?? [`${table}_dead_letter`];
  return {
    target: { catalog: t.catalog, schema: t.schema, table },
    deadLetter: { catalog: t.catalog, schema: dl.length === 2 ? (dl[0] ?? t.schema) : t.schema, table: dl[dl.length - 1] ?? `${name}_dead_letter` },
  };
}
