/**
 * Turns message values into records of the stream's reader schema. Writer schema ≠ reader
 * schema is resolved with Avro's rules (avsc resolvers, cached per writer schema).
 *
 * Outcomes are deterministic for a given message (the resume logic relies on that: a message
 * re-read after a crash must be classified the same way), except for registry outages, which
 * throw instead of producing a dead letter.
 */
import type avro from "avsc";
import { readFileSync } from "node:fs";
import type { StreamDecl } from "../stream-decl.js";
import { parseAvroSchema } from "./parse-schema.js";
import { fetchSchemaById } from "./registry-client.js";

export type DecodeResult =
  | { readonly ok: true; readonly record: Readonly<Record<string, unknown>>; readonly schemaId: number }
  | { readonly ok: false; readonly error: string };

export interface MessageDecoder {
  /** Loads writer schemas the values refer to and are not known yet (may call the registry). */
  prepare(values: readonly (Buffer | null)[]): Promise<void>;
  decode(value: Buffer | null): DecodeResult;
}

type Writer = { readonly ok: true; readonly resolver: avro.Resolver | undefined } | { readonly ok: false; readonly reason: string };

const CONFLUENT_MAGIC = 0;

function readWith(reader: avro.Type, body: Buffer, resolver: avro.Resolver | undefined): Record<string, unknown> {
  // noCheck=false: trailing bytes after the record are an error, not silently ignored
  return reader.fromBuffer(body, resolver, false) as Record<string, unknown>;
}

function resolverFor(reader: avro.Type, writer: avro.Type): avro.Resolver | undefined {
  return writer.equals(reader) ? undefined : reader.createResolver(writer);
}

function checkRequired(record: Readonly<Record<string, unknown>>, required: readonly string[]): string | undefined {
  for (const path of required) {
    let v: unknown = record;
    for (const part of path.split(".")) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[part];
    if (v === null || v === undefined) return `required field "${path}" is null`;
  }
  return undefined;
}

function decodeBody(reader: avro.Type, body: Buffer, resolver: avro.Resolver | undefined, schemaId: number, required: readonly string[]): DecodeResult {
  let record: Record<string, unknown>;
  try {
    record = readWith(reader, body, resolver);
  } catch (e) {
    return { ok: false, error: `Avro decoding failed (schema id ${schemaId}): ${e instanceof Error ? e.message : String(e)}` };
  }
  const missing = checkRequired(record, required);
  return missing ? { ok: false, error: missing } : { ok: true, record, schemaId };
}

export function createDecoder(stream: Pick<StreamDecl, "format" | "required">): MessageDecoder {
  const reader = parseAvroSchema(readFileSync(stream.format.schemaFile, "utf8"));
  const required = stream.required;
  const fmt = stream.format;
  if (fmt.encoding === "raw") {
    const writer = parseAvroSchema(readFileSync(fmt.writerSchemaFile, "utf8"));
    const resolver = resolverFor(reader, writer);
    return {
      prepare: async () => {},
      decode: (value) => (value === null ? { ok: false, error: "message has no value (tombstone)" } : decodeBody(reader, value, resolver, 0, required)),
    };
  }
  const writers = new Map<number, Writer>();
  const toWriter = (schemaText: string, id: number): Writer => {
    try {
      return { ok: true, resolver: resolverFor(reader, parseAvroSchema(schemaText)) };
    } catch (e) {
      return { ok: false, reason: `writer schema id ${id} cannot be read with the stream's schema: ${e instanceof Error ? e.message : String(e)}` };
    }
  };
  for (const [id, file] of Object.entries(fmt.schemaIds)) writers.set(Number(id), toWriter(readFileSync(file, "utf8"), Number(id)));
  const idOf = (value: Buffer | null): number | undefined =>
    value !== null && value.length >= 5 && value[0] === CONFLUENT_MAGIC ? value.readUInt32BE(1) : undefined;
  return {
    prepare: async (values) => {
      if (!fmt.registryUrl) return;
      const missing = new Set<number>();
      for (const v of values) {
        const id = idOf(v);
        if (id !== undefined && !writers.has(id)) missing.add(id);
      }
      for (const id of missing) {
        const r = await fetchSchemaById(fmt.registryUrl, id);
        writers.set(id, r.found ? toWriter(r.schema, id) : { ok: false, reason: r.reason });
      }
    },
    decode: (value) => {
      if (value === null) return { ok: false, error: "message has no value (tombstone)" };
      const id = idOf(value);
      if (id === undefined) {
        return { ok: false, error: `not Confluent wire format: expected magic byte 0 and a 4-byte schema id, got ${value.length} byte(s) starting 0x${value.subarray(0, 5).toString("hex")}` };
      }
      const w = writers.get(id);
      if (!w) return { ok: false, error: `unknown writer schema id ${id} (not in schemaIds${fmt.registryUrl ? "" : " and no registryUrl"})` };
      if (!w.ok) return { ok: false, error: w.reason };
      return decodeBody(reader, value.subarray(5), w.resolver, id, required);
    },
  };
}
