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
import { describeInvalid, hasReplacementChar, invalidStrings, strictWriter, type InvalidUtf8Policy } from "./utf8-check.js";

export type DecodeResult =
  | {
      readonly ok: true;
      readonly record: Readonly<Record<string, unknown>>;
      readonly schemaId: number;
      /** string values whose invalid UTF-8 was replaced by U+FFFD (policy `replace`) */
      readonly utf8Replacements?: number;
    }
  | { readonly ok: false; readonly error: string };

export interface MessageDecoder {
  /** Loads writer schemas the values refer to and are not known yet (may call the registry). */
  prepare(values: readonly (Buffer | null)[]): Promise<void>;
  decode(value: Buffer | null): DecodeResult;
}

/** `strict`: the writer schema with checked strings (utf8-check.ts); undefined if avsc cannot build it */
type Writer = { readonly ok: true; readonly resolver: avro.Resolver | undefined; readonly strict: avro.Type | undefined } | { readonly ok: false; readonly reason: string };

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

interface BodyContext {
  readonly reader: avro.Type;
  readonly required: readonly string[];
  readonly invalidUtf8: InvalidUtf8Policy;
}

function decodeBody(ctx: BodyContext, body: Buffer, w: { readonly resolver: avro.Resolver | undefined; readonly strict: avro.Type | undefined }, schemaId: number): DecodeResult {
  let record: Record<string, unknown>;
  try {
    record = readWith(ctx.reader, body, w.resolver);
  } catch (e) {
    return { ok: false, error: `Avro decoding failed (schema id ${schemaId}): ${e instanceof Error ? e.message : String(e)}` };
  }
  let utf8Replacements = 0;
  if (w.strict && hasReplacementChar(record)) {
    const bad = invalidStrings(w.strict, body);
    const first = bad[0];
    if (first && ctx.invalidUtf8 === "deadLetter") return { ok: false, error: `${describeInvalid(first)}${bad.length > 1 ? ` and ${bad.length - 1} more` : ""} (schema id ${schemaId})` };
    utf8Replacements = bad.length;
  }
  const missing = checkRequired(record, ctx.required);
  if (missing) return { ok: false, error: missing };
  return utf8Replacements ? { ok: true, record, schemaId, utf8Replacements } : { ok: true, record, schemaId };
}

export function createDecoder(stream: Pick<StreamDecl, "format" | "required"> & { readonly invalidUtf8?: InvalidUtf8Policy | undefined }): MessageDecoder {
  const fmt = stream.format;
  if (fmt.encoding === "json") throw new Error("JSON streams are decoded by ingest/json/decoder.ts (createMessageDecoder)");
  const reader = parseAvroSchema(readFileSync(fmt.schemaFile, "utf8"));
  const ctx: BodyContext = { reader, required: stream.required, invalidUtf8: stream.invalidUtf8 ?? "deadLetter" };
  if (fmt.encoding === "raw") {
    const text = readFileSync(fmt.writerSchemaFile, "utf8");
    const w = { resolver: resolverFor(reader, parseAvroSchema(text)), strict: strictWriter(text) };
    return {
      prepare: async () => {},
      decode: (value) => (value === null ? { ok: false, error: "message has no value (tombstone)" } : decodeBody(ctx, value, w, 0)),
    };
  }
  const writers = new Map<number, Writer>();
  const toWriter = (schemaText: string, id: number): Writer => {
    try {
      return { ok: true, resolver: resolverFor(reader, parseAvroSchema(schemaText)), strict: strictWriter(schemaText) };
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
      return decodeBody(ctx, value.subarray(5), w, id);
    },
  };
}
