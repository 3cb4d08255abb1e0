/**
 * Message values of a JSON stream (`format.encoding: json`) → records for bronze, through the
 * stream's contract (contract.ts). Invalid UTF-8, invalid JSON, schema violations, `required`
 * misses and values bronze cannot hold become dead letters whose error names the JSON pointer.
 * Values framed the Confluent way (Confluent's JSON Schema serializer: byte 0, a 4-byte schema id,
 * then the JSON) are read too — JSON text never starts with byte 0 — and the id lands in `_schema_id`.
 * Deterministic per message, as resume requires (see avro/decoder.ts).
 */
import type { DecodeResult, MessageDecoder } from "../avro/decoder.js";
import type { StreamDecl } from "../stream-decl.js";
import { describeFailure } from "./contract.js";
import { loadJsonContract } from "./load-contract.js";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

type JsonStream = Pick<StreamDecl, "required"> & {
  readonly format: Extract<StreamDecl["format"], { encoding: "json" }>;
  readonly target?: { readonly nested: "row" | "flatten" };
  readonly invalidUtf8?: "deadLetter" | "replace" | undefined;
};

export function createJsonDecoder(stream: JsonStream): MessageDecoder {
  const contract = loadJsonContract(stream.format.schemaFile, stream.format.contract, { nested: stream.target?.nested ?? "row", required: stream.required });
  const policy = stream.invalidUtf8 ?? "deadLetter";
  return {
    prepare: async () => {},
    decode: (value): DecodeResult => {
      if (value === null) return { ok: false, error: "message has no value (tombstone)" };
      const framed = value.length >= 5 && value[0] === 0;
      const schemaId = framed ? value.readUInt32BE(1) : 0;
      const body = framed ? value.subarray(5) : value;
      let text: string;
      let utf8Replacements = 0;
      try {
        text = strictUtf8.decode(body);
      } catch {
        if (policy === "deadLetter") return { ok: false, error: "invalid UTF-8: the message value is not valid UTF-8 text" };
        text = lenientUtf8.decode(body);
        utf8Replacements = 1;
      }
      const r = contract.decode(text);
      if (!r.ok) return { ok: false, error: describeFailure(r) };
      return utf8Replacements ? { ok: true, record: r.row, schemaId, utf8Replacements } : { ok: true, record: r.row, schemaId };
    },
  };
}
