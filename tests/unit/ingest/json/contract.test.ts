import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAvroSchema } from "../../../../src/ingest/avro/parse-schema.js";
import { payloadColumns } from "../../../../src/ingest/avro/to-trino.js";
import { AvroTimestamp } from "../../../../src/ingest/avro/timestamp.js";
import { avroToJsonSchema } from "../../../../src/ingest/json/avro-contract.js";
import { compileJsonContract, ContractSchemaError, describeFailure, type ContractResult } from "../../../../src/ingest/json/contract.js";
import { createJsonDecoder } from "../../../../src/ingest/json/decoder.js";
import { renderGoodPrefix } from "../../../../src/ingest/render-row.js";
import { typeSql } from "../../../../src/ingest/sql/trino-type.js";
import { loadStreams } from "../../../../src/ingest/streams.js";

const ROOT = join(import.meta.dirname, "../../../..");

const reading = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["cidade", "medido_em", "temperatura"],
  properties: {
    cidade: { type: "string", minLength: 1 },
    medido_em: { type: "string", format: "date-time" },
    gerado_ms: { type: "integer", format: "timestamp-millis" },
    temperatura: { type: "number", minimum: -90, maximum: 60 },
    umidade: { type: ["integer", "null"], format: "int32" },
    preco: { type: "number", format: "decimal", precision: 12, scale: 2 },
    contador: { type: "integer" },
    dia: { type: "string", format: "date" },
    local: { type: "object", properties: { lat: { type: "number" }, lon: { type: "number" }, nome: { $ref: "#/$defs/nome" } } },
    tags: { type: "array", items: { type: "string" } },
    extras: { type: "object", additionalProperties: { type: "integer" } },
    bruto: {},
  },
  $defs: { nome: { type: "string" } },
};

const ok = (r: ContractResult) => {
  if (!r.ok) throw new Error(describeFailure(r));
  return r.row as Record<string, any>;
};
const fail = (r: ContractResult) => {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.row)}`);
  return r;
};

describe("compileJsonContract: columns", () => {
  it("maps JSON Schema types to the Trino types of the Avro path", () => {
    const c = compileJsonContract(reading);
    expect(c.columns.map((col) => [col.name, typeSql(col.type), col.nullable])).toEqual([
      ["cidade", "VARCHAR", false],
      ["medido_em", "TIMESTAMP(6) WITH TIME ZONE", false],
      ["gerado_ms", "TIMESTAMP(6) WITH TIME ZONE", true],
      ["temperatura", "DOUBLE", false],
      ["umidade", "INTEGER", true],
      ["preco", "DECIMAL(12, 2)", true],
      ["contador", "BIGINT", true],
      ["dia", "DATE", true],
      ["local", 'ROW("lat" DOUBLE, "lon" DOUBLE, "nome" VARCHAR)', true],
      ["tags", "ARRAY(VARCHAR)", true],
      ["extras", "MAP(VARCHAR, BIGINT)", true],
      ["bruto", "VARCHAR", true],
    ]);
  });

  it("flattens nested objects to parent_child columns on request", () => {
    const c = compileJsonContract(reading, { nested: "flatten" });
    const names = c.columns.map((col) => col.name);
    expect(names).toContain("local_lat");
    expect(names).toContain("local_nome");
    expect(c.columns.find((col) => col.name === "local_lon")?.path).toEqual(["local", "lon"]);
  });

  it("refuses a root that is not an object, a decimal without precision, and a $ref outside the schema", () => {
    expect(() => compileJsonContract({ type: "array" })).toThrow(ContractSchemaError);
    expect(() => compileJsonContract({ type: "object", properties: { p: { type: "number", format: "decimal" } } })).toThrow(/precision/);
    expect(() => compileJsonContract({ type: "object", properties: { p: { $ref: "other.json#/x" } } })).toThrow(/local/);
  });

  it("nullable via anyOf, enums inferred, recursive $ref becomes JSON text", () => {
    const c = compileJsonContract({
      type: "object",
      properties: {
        a: { anyOf: [{ type: "null" }, { type: "integer" }] },
        b: { enum: ["x", "y"] },
        c: { anyOf: [{ type: "integer" }, { type: "string" }] },
        tree: { $ref: "#/$defs/node" },
      },
      $defs: { node: { type: "object", properties: { child: { $ref: "#/$defs/node" } } } },
    });
    expect(c.columns.map((col) => typeSql(col.type))).toEqual(["BIGINT", "VARCHAR", "VARCHAR", 'ROW("child" VARCHAR)']);
  });
});

describe("compileJsonContract: values", () => {
  const c = compileJsonContract(reading);
  it("converts a full record exactly", () => {
    const row = ok(
      c.decode(
        '{"cidade":"Recife","medido_em":"2026-03-01T12:30:00.123456-03:00","gerado_ms":1772379000123,"temperatura":29.5,"umidade":80,' +
          '"preco":1234567890.5,"contador":9223372036854775807,"dia":"2026-03-01","local":{"lat":-8.05,"lon":-34.9,"nome":"Boa Vista","x":1},' +
          '"tags":["a","b"],"extras":{"k":12345678901234567},"bruto":{"z":[1,2]},"desconhecido":true}',
      ),
    );
    expect((row.medido_em as AvroTimestamp).toTrinoText()).toBe("2026-03-01 15:30:00.123456");
    expect((row.gerado_ms as AvroTimestamp).toTrinoText()).toBe("2026-03-01 15:30:00.123000");
    expect(row.umidade).toBe(80n);
    expect(row.preco).toBe("1234567890.50");
    expect(row.contador).toBe(9223372036854775807n);
    expect(row.local).toEqual({ lat: -8.05, lon: -34.9, nome: "Boa Vista" }); // undeclared "x" dropped
    expect(row.extras).toEqual({ k: 12345678901234567n });
    expect(row.bruto).toEqual({ z: [1, 2] });
    expect(row).not.toHaveProperty("desconhecido");
  });

  it("renders through the Avro path's row renderer", () => {
    const row = ok(c.decode('{"cidade":"a\'b","medido_em":"2026-01-01T00:00:00Z","temperatura":1.5,"preco":0.10}'));
    const m = { topic: "t", partition: 0, offset: 7n, timestampMs: 0, key: null, value: null, headers: {} } as never;
    const sql = renderGoodPrefix(c.columns, row, m, 0, "values");
    expect(sql).toContain("'a''b', TIMESTAMP '2026-01-01 00:00:00.000000 UTC'");
    expect(sql).toContain("DECIMAL '0.10'");
  });

  it("reports invalid JSON, type errors, required misses and conversion failures with JSON pointers", () => {
    expect(fail(c.decode('{"cidade": "x",'))).toMatchObject({ reason: "invalid-json", pointer: "" });
    const missing = fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z"}'));
    expect(missing).toMatchObject({ reason: "required", pointer: "/temperatura" });
    expect(describeFailure(missing)).toBe("required field missing at /temperatura: must have required property 'temperatura'");
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":"quente"}'))).toMatchObject({ reason: "schema", pointer: "/temperatura", message: "must be number" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":99}'))).toMatchObject({ reason: "schema", pointer: "/temperatura" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"tags":["a",2]}'))).toMatchObject({ pointer: "/tags/1" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"local":{"nome":5}}'))).toMatchObject({ pointer: "/local/nome" });
    // no zone: refused by the format, not guessed
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00","temperatura":1}'))).toMatchObject({ reason: "schema", pointer: "/medido_em" });
    // exactness: too many decimal places, bigint overflow
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"preco":1.005}'))).toMatchObject({ reason: "conversion", pointer: "/preco" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"preco":12345678901234}'))).toMatchObject({ reason: "conversion", pointer: "/preco" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"contador":9223372036854775808}'))).toMatchObject({ reason: "conversion", pointer: "/contador" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"umidade":3000000000}'))).toMatchObject({ pointer: "/umidade" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"dia":"2026-02-30"}'))).toMatchObject({ pointer: "/dia" });
    expect(fail(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"preco":"1.00"}'))).toMatchObject({ reason: "schema", pointer: "/preco", message: "must be number" });
    expect(fail(c.decode("[1,2]"))).toMatchObject({ reason: "schema", pointer: "" });
  });

  it("additionalProperties: false reports the unexpected property", () => {
    const strict = compileJsonContract({ type: "object", additionalProperties: false, properties: { a: { type: "integer" } } });
    expect(fail(strict.decode('{"a":1,"b/c":2}'))).toMatchObject({ reason: "schema", pointer: "/b~1c" });
  });

  it("nulls: null in a nullable field lands NULL; the stream's required paths refuse null", () => {
    const withRequired = compileJsonContract(reading, { required: ["local.nome"] });
    expect(ok(c.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"umidade":null}')).umidade).toBeNull();
    expect(fail(withRequired.decode('{"cidade":"x","medido_em":"2026-01-01T00:00:00Z","temperatura":1,"local":{}}'))).toMatchObject({ reason: "required", pointer: "/local/nome" });
  });

  it("epoch timestamps in every unit, fractions exact; out-of-range years refused", () => {
    const t = (unit: string, v: string) =>
      compileJsonContract({ type: "object", properties: { t: { type: "number", format: unit } } }).decode(`{"t":${v}}`);
    expect((ok(t("timestamp-seconds", "1700000000.123456")).t as AvroTimestamp).epochMicros).toBe(1_700_000_000_123_456n);
    expect((ok(t("timestamp-millis", "1700000000123")).t as AvroTimestamp).epochMicros).toBe(1_700_000_000_123_000n);
    expect((ok(t("timestamp-micros", "1700000000123456")).t as AvroTimestamp).epochMicros).toBe(1_700_000_000_123_456n);
    expect((ok(t("timestamp-nanos", "1700000000123456789")).t as AvroTimestamp).epochMicros).toBe(1_700_000_000_123_456n);
    expect((ok(t("timestamp-seconds", "-1.5")).t as AvroTimestamp).epochMicros).toBe(-1_500_000n);
    expect(fail(t("timestamp-seconds", "1.0000001"))).toMatchObject({ pointer: "/t" });
    expect(fail(t("timestamp-seconds", "1e12"))).toMatchObject({ reason: "conversion", pointer: "/t" });
  });

  it("ISO timestamps with zones are the same instant", () => {
    const c2 = compileJsonContract({ type: "object", properties: { t: { type: "string", format: "date-time" } } });
    const micros = (s: string) => (ok(c2.decode(JSON.stringify({ t: s }))).t as AvroTimestamp).epochMicros;
    expect(micros("2026-01-01T00:00:00Z")).toBe(micros("2025-12-31T21:00:00-03:00"));
    expect(micros("2026-01-01T05:30:00.5+05:30")).toBe(micros("2026-01-01T00:00:00.500Z"));
    expect(micros("2026-01-01T00:00:00.1234567Z") % 1_000_000n).toBe(123_456n);
  });

  it("decimals accept exact strings and exponents; > 38 digits stay exact text", () => {
    const d = compileJsonContract({ type: "object", properties: { v: { type: ["number", "string"], format: "decimal", precision: 40, scale: 20 }, w: { type: "string", format: "decimal", precision: 5, scale: 2 } } });
    expect(typeSql(d.columns[0]!.type)).toBe("VARCHAR");
    expect(ok(d.decode('{"v":12345678901234567890.12345678901234567890}')).v).toBe("12345678901234567890.12345678901234567890");
    expect(ok(d.decode('{"w":"-1.5e1"}')).w).toBe("-15.00");
    expect(fail(d.decode('{"w":"abc"}'))).toMatchObject({ reason: "schema", pointer: "/w" });
  });

  it("numbers past a double's precision or range take the exact path; shorter ones are exact either way", () => {
    const d = compileJsonContract({ type: "object", properties: { v: { type: "number", format: "decimal", precision: 38, scale: 16 }, i: { type: "integer" } } });
    expect(ok(d.decode('{"v":1234567.123456789}')).v).toBe("1234567.1234567890000000"); // 16 digits
    expect(ok(d.decode('{"v":0.1}')).v).toBe("0.1000000000000000");
    expect(ok(d.decode('{"v":123456789012345}')).v).toBe("123456789012345.0000000000000000");
    expect(ok(d.decode('{"i":9007199254740993}')).i).toBe(9007199254740993n); // 2^53 + 1
    expect(ok(d.decode('{"i":-9007199254740993, "note":"12345678901234567"}')).i).toBe(-9007199254740993n);
    expect(fail(d.decode('{"v":1.5e-400}'))).toMatchObject({ reason: "conversion", pointer: "/v" });
    expect(fail(d.decode('{"i":1e400}'))).toMatchObject({ pointer: "/i" });
  });

  it("JSON Schema defaults fill missing properties", () => {
    const d = compileJsonContract({ type: "object", properties: { a: { type: "integer", default: 7 } } });
    expect(ok(d.decode("{}")).a).toBe(7n);
  });

  it("fromCells types CSV text by the schema", () => {
    const csv = compileJsonContract({ type: "object", required: ["id"], properties: { id: { type: "integer" }, v: { type: "number", format: "decimal", precision: 20, scale: 2 }, ok: { type: "boolean" }, t: { type: "string", format: "date-time" }, n: { type: "string" } } });
    const row = ok(csv.fromCells({ id: "9007199254740993", v: "1.10", ok: "true", t: "2026-01-01T00:00:00Z", n: "007" }));
    expect(row).toMatchObject({ id: 9007199254740993n, v: "1.10", ok: true, n: "007" });
    expect(fail(csv.fromCells({ id: "x" }))).toMatchObject({ reason: "conversion", pointer: "/id" });
    expect(fail(csv.fromCells({ v: "1" }))).toMatchObject({ reason: "required", pointer: "/id" });
  });
});

describe("an Avro schema as the contract", () => {
  it("gives the same bronze columns as the Avro path", () => {
    const text = readFileSync(join(ROOT, "streams/schemas/dados_produtores.v2.avsc"), "utf8");
    const contract = compileJsonContract(avroToJsonSchema(JSON.parse(text)));
    const avro = payloadColumns(parseAvroSchema(text), "row");
    expect(contract.columns.map((c) => [c.name, typeSql(c.type)])).toEqual(avro.map((c) => [c.name, typeSql(c.type)]));
  });

  it("validates natural JSON of the records", () => {
    const schema = { type: "record", name: "R", fields: [{ name: "id", type: "long" }, { name: "ts", type: { type: "long", logicalType: "timestamp-millis" } }, { name: "v", type: ["null", { type: "bytes", logicalType: "decimal", precision: 9, scale: 2 }], default: null }, { name: "kind", type: { type: "enum", name: "K", symbols: ["A", "B"] } }] };
    const c = compileJsonContract(avroToJsonSchema(schema));
    const row = ok(c.decode('{"id":1,"ts":0,"kind":"A","v":"1.50"}'));
    expect(row).toMatchObject({ id: 1n, v: "1.50", kind: "A" });
    expect(ok(c.decode('{"id":1,"ts":0,"kind":"B"}')).v).toBeNull();
    expect(fail(c.decode('{"id":1,"ts":0,"kind":"C"}'))).toMatchObject({ pointer: "/kind" });
    expect(fail(c.decode('{"ts":0,"kind":"A"}'))).toMatchObject({ reason: "required", pointer: "/id" });
  });
});

describe("loadStreams with format.encoding json", () => {
  const project = (yaml: string, contractText?: string) => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-json-streams-"));
    mkdirSync(join(dir, "streams"), { recursive: true });
    if (contractText !== undefined) writeFileSync(join(dir, "streams/c.schema.json"), contractText);
    writeFileSync(join(dir, "streams/s.yaml"), yaml);
    return dir;
  };
  const base = "topic: t\nformat: { encoding: json, schema: c.schema.json }\n";

  it("builds bronze columns from the contract", () => {
    const { streams, diagnostics } = loadStreams(project(`${base}required: [a]\nkey: { field: a }\n`, JSON.stringify({ type: "object", properties: { a: { type: "string" }, n: { type: "object", properties: { x: { type: "integer" } } } } })));
    expect(diagnostics).toEqual([]);
    expect(streams[0]!.format).toMatchObject({ encoding: "json", contract: "jsonSchema" });
    expect(streams[0]!.columns.map((c) => `${c.name} ${c.type}`).slice(0, 3)).toEqual(["a VARCHAR", 'n ROW("x" BIGINT)', "_topic VARCHAR"]);
  });

  it("locates a missing contract, an invalid one and an unknown required path", () => {
    const missing = loadStreams(project(base)).diagnostics;
    expect(missing.map((d) => [d.code, d.location?.line])).toEqual([["stream-schema-file", 2]]);
    const invalid = loadStreams(project(base, '{"type":"array"}')).diagnostics;
    expect(invalid.map((d) => d.code)).toEqual(["stream-json-contract"]);
    expect(invalid[0]!.message).toMatch(/root must be an object/);
    const path = loadStreams(project(`${base}required: [a.b]\n`, JSON.stringify({ type: "object", properties: { a: { type: "object", properties: { c: { type: "string" } } } } }))).diagnostics;
    expect(path.map((d) => [d.code, d.location?.line, d.hint])).toEqual([["stream-field", 3, "properties here: c"]]);
  });

  it("an .avsc contract is read as Avro", () => {
    const dir = project("topic: t\nformat: { encoding: json, schema: c.avsc }\n");
    copyFileSync(join(ROOT, "streams/schemas/dados_produtores.v2.avsc"), join(dir, "streams/c.avsc"));
    const { streams, diagnostics } = loadStreams(dir);
    expect(diagnostics).toEqual([]);
    expect(streams[0]!.format).toMatchObject({ encoding: "json", contract: "avro" });
  });
});

describe("createJsonDecoder", () => {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-json-decoder-"));
  writeFileSync(join(dir, "c.schema.json"), JSON.stringify({ type: "object", required: ["a"], properties: { a: { type: "integer" }, s: { type: "string" } } }));
  const decoder = createJsonDecoder({ format: { encoding: "json", schemaFile: join(dir, "c.schema.json"), contract: "jsonSchema" }, required: [] });

  it("reads plain JSON and Confluent-framed JSON (schema id in _schema_id)", () => {
    expect(decoder.decode(Buffer.from('{"a":1}'))).toEqual({ ok: true, record: { a: 1n, s: null }, schemaId: 0 });
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 42]), Buffer.from('{"a":2}')]);
    expect(decoder.decode(framed)).toEqual({ ok: true, record: { a: 2n, s: null }, schemaId: 42 });
  });

  it("dead-letters tombstones, invalid UTF-8 and violations with the pointer in the error", () => {
    expect(decoder.decode(null)).toEqual({ ok: false, error: "message has no value (tombstone)" });
    expect(decoder.decode(Buffer.from([0x7b, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toEqual({ ok: false, error: "invalid UTF-8: the message value is not valid UTF-8 text" });
    expect(decoder.decode(Buffer.from('{"s":"x"}'))).toEqual({ ok: false, error: "required field missing at /a: must have required property 'a'" });
    const lenient = createJsonDecoder({ format: { encoding: "json", schemaFile: join(dir, "c.schema.json"), contract: "jsonSchema" }, required: [], invalidUtf8: "replace" });
    expect(lenient.decode(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x2c, 0x22, 0x73, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toEqual({ ok: true, record: { a: 1n, s: "\uFFFD" }, schemaId: 0, utf8Replacements: 1 });
  });
});
