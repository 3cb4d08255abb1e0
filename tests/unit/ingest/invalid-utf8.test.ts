/**
 * Issue 17 item 4: a string sent as bytes `41 42 FF FE 45` used to land as "AB��E" with no dead
 * letter and no count. The producer below writes the string fields as Avro `bytes` (the same
 * wire encoding as `string`), which is how a foreign producer can send invalid UTF-8.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDecoder } from "../../../src/ingest/avro/decoder.js";
import { encodeConfluent } from "../../../src/ingest/avro/encoder.js";
import { parseAvroSchema } from "../../../src/ingest/avro/parse-schema.js";
import { strictStringsSchema } from "../../../src/ingest/avro/utf8-check.js";
import { loadStreams } from "../../../src/ingest/streams.js";

const SCHEMA = {
  type: "record",
  name: "Person",
  fields: [
    { name: "id", type: "long" },
    { name: "name", type: "string" },
    { name: "address", type: ["null", { type: "record", name: "Address", fields: [{ name: "city", type: "string" }] }], default: null },
    { name: "tags", type: { type: "array", items: "string" }, default: [] },
  ],
};
// The same layout with bytes where the schema says string: lets the test put any bytes on the wire.
const asBytes = parseAvroSchema(JSON.parse(JSON.stringify(SCHEMA).replaceAll('"string"', '"bytes"')));

function project(policy?: "deadLetter" | "replace"): ReturnType<typeof createDecoder> {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-utf8-"));
  mkdirSync(join(dir, "streams"));
  writeFileSync(join(dir, "streams/person.avsc"), JSON.stringify(SCHEMA));
  writeFileSync(
    join(dir, "streams/people.yaml"),
    `topic: people\nformat: { encoding: confluent, schema: person.avsc, schemaIds: { 7: person.avsc } }\n${policy ? `invalidUtf8: ${policy}\n` : ""}`,
  );
  const loaded = loadStreams(dir);
  expect(loaded.diagnostics).toEqual([]);
  const s = loaded.streams[0]!;
  expect(s.invalidUtf8).toBe(policy ?? "deadLetter");
  return createDecoder(s);
}

const INVALID = Buffer.from([0x41, 0x42, 0xff, 0xfe, 0x45]);
const msg = (name: Buffer, city: Buffer | null = Buffer.from("Sorriso"), tags: Buffer[] = []) =>
  encodeConfluent(asBytes, 7, { id: 1n, name, address: city === null ? null : { city }, tags });

describe("invalid UTF-8 in Avro strings", () => {
  it("dead-letters by default, naming the field and the bytes", () => {
    const d = project();
    const r = d.decode(msg(INVALID));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('invalid UTF-8 in string field "name" (bytes 41 42 ff fe 45) (schema id 7)');
  });

  it("names nested fields and array items", () => {
    const d = project("deadLetter");
    const nested = d.decode(msg(Buffer.from("ok"), INVALID));
    expect(!nested.ok && nested.error).toMatch(/field "address\.city"/);
    const item = d.decode(msg(Buffer.from("ok"), null, [Buffer.from("fine"), INVALID]));
    expect(!item.ok && item.error).toMatch(/field "tags\[\]"/);
  });

  it("replace: lands the value with U+FFFD and counts the replaced values", () => {
    const d = project("replace");
    const r = d.decode(msg(INVALID, INVALID));
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.record["name"]).toBe("AB\uFFFD\uFFFDE");
      expect(r.utf8Replacements).toBe(2);
    }
  });

  it("a genuine U+FFFD (valid UTF-8 EF BF BD) is neither dead-lettered nor counted", () => {
    for (const policy of ["deadLetter", "replace"] as const) {
      const r = project(policy).decode(msg(Buffer.from("A\uFFFDB", "utf8")));
      expect(r.ok).toBe(true);
      if (r.ok) {
        expect(r.record["name"]).toBe("A\uFFFDB");
        expect(r.utf8Replacements).toBeUndefined();
      }
    }
  });

  it("valid strings decode as before, with no count", () => {
    const r = project().decode(msg(Buffer.from("Zoë 🌱"), Buffer.from("São Paulo")));
    expect(r.ok && r.record["name"]).toBe("Zoë 🌱");
    expect(r.ok && r.utf8Replacements).toBeUndefined();
  });

  it("the strict schema keeps non-string types and rewrites strings inside unions, arrays and maps", () => {
    const s = strictStringsSchema({ type: "record", name: "R", fields: [{ name: "m", type: { type: "map", values: ["null", "string"] } }, { name: "n", type: "int" }] }) as {
      fields: { type: unknown }[];
    };
    expect(s.fields[0]?.type).toEqual({ type: "map", values: ["null", { type: "bytes", logicalType: "lakeform-utf8-check", lakeformPath: "m{}" }] });
    expect(s.fields[1]?.type).toBe("int");
  });
});
