/**
 * JSON streams on the real stack: JSON events typed by a JSON Schema contract land in bronze with
 * exact values; every bad event (invalid UTF-8, invalid JSON, schema violation, `required` miss,
 * value bronze cannot hold) is a dead letter whose error names the JSON pointer. A second ingest
 * adds nothing (offsets in bronze). Own topic and schema, dropped afterwards.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { loadStreams } from "../../../src/ingest/streams.js";
import { createTopic, deleteTopic, dropSchema, kafka, ROOT, trino, uid } from "./helpers.js";

const CLI = join(ROOT, "dist/cli/main.js");
const id = uid();
const topic = `json_it_${id}`;
const schema = `json_it_${id}`;

const contract = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  type: "object",
  required: ["estacao", "medido_em", "temperatura"],
  additionalProperties: false,
  properties: {
    estacao: { type: "string", minLength: 1 },
    medido_em: { type: "string", format: "date-time" },
    gerado_ms: { type: "integer", format: "timestamp-millis" },
    temperatura: { type: "number", minimum: -90, maximum: 60 },
    chuva_mm: { type: ["number", "null"], format: "decimal", precision: 8, scale: 2 },
    contador: { type: "integer" },
    local: { type: "object", properties: { lat: { type: "number" }, lon: { type: "number" } } },
    sensores: { type: "array", items: { type: "string" } },
    extras: { type: "object", additionalProperties: { type: "integer" } },
  },
};

// One partition, so offsets are the list positions.
const events: (string | Buffer)[] = [
  /* 0 */ '{"estacao":"recife","medido_em":"2026-03-01T12:30:00.123456-03:00","gerado_ms":1772379000123,"temperatura":29.5,"chuva_mm":12.30,' +
    '"contador":9223372036854775807,"local":{"lat":-8.05,"lon":-34.9},"sensores":["t1","h2"],"extras":{"bateria":98}}',
  /* 1 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00Z","temperatura":-1e-1,"local":{"lat":-5.79},"chuva_mm":null}',
  /* 2 */ '{"estacao":"natal",',
  /* 3 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00Z","local":{"lat":1}}',
  /* 4 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00Z","temperatura":"quente","local":{"lat":1}}',
  /* 5 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00Z","temperatura":20,"local":{"lat":1},"umidade":80}',
  /* 6 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00Z","temperatura":20,"local":{"lat":1},"chuva_mm":1.234}',
  /* 7 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00Z","temperatura":20,"local":{"lat":1},"sensores":["ok",7]}',
  /* 8 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00","temperatura":20,"local":{"lat":1}}',
  /* 9 */ Buffer.from([0x7b, 0x22, 0x65, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
  /* 10 */ '{"estacao":"natal","medido_em":"2026-03-01T00:00:00Z","temperatura":20}',
  /* 11 */ '{"estacao":"joao_pessoa","medido_em":"2026-03-01T23:59:59.999999+00:00","temperatura":31,"chuva_mm":0,"local":{"lat":-7.1,"lon":-34.8},"sensores":[],"extras":{}}',
];

const expectedDead: [number, string][] = [
  [2, "invalid JSON: "],
  [3, "required field missing at /temperatura: must have required property 'temperatura'"],
  [4, "schema violation at /temperatura: must be number"],
  [5, "schema violation at /umidade: is not allowed (additionalProperties: false)"],
  [6, "value cannot be landed at /chuva_mm: 1.234 has more than 2 decimal places (DECIMAL(8, 2))"],
  [7, "schema violation at /sensores/1: must be string"],
  [8, 'schema violation at /medido_em: must match format "date-time"'],
  [9, "invalid UTF-8: the message value is not valid UTF-8 text"],
  [10, 'required field missing at /local/lat: required field "local.lat" is null'],
];

function project(table = "leituras", extra = "", c: object = contract): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-it-json-"));
  mkdirSync(join(dir, "streams/contracts"), { recursive: true });
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "workflow_settings.yaml"), `defaultProject: iceberg\ndefaultDataset: ${schema}\n`);
  writeFileSync(join(dir, "streams/contracts/leitura.schema.json"), JSON.stringify(c, null, 2));
  writeFileSync(
    join(dir, "streams/leituras.yaml"),
    [`topic: ${topic}`, "format: { encoding: json, schema: contracts/leitura.schema.json }", `target: { schema: ${schema}, table: ${table} }`, "key: { field: estacao }", "required: [local.lat]", extra, ""].join("\n"),
  );
  writeFileSync(join(dir, "definitions/por_estacao.sqlx"), `config { type: "view" }\nSELECT estacao, count(*) AS n FROM \${ref("leituras")} GROUP BY estacao\n`);
  return dir;
}

const cleanupTopics: string[] = [];

afterAll(async () => {
  for (const t of cleanupTopics) await deleteTopic(t).catch(() => undefined);
  await deleteTopic(topic).catch(() => undefined);
  await dropSchema(schema).catch(() => undefined);
});

const ingest = (dir: string, ...args: string[]) =>
  execFileSync(process.execPath, [CLI, "ingest", dir, "--until-idle", "--quiet-ms", "8000", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

describe("JSON streams (real Kafka + Trino + Iceberg)", () => {
  const dir = project();

  it("compile exposes the bronze and dead-letter tables as declarations; ref() resolves to them", () => {
    const loaded = loadStreams(dir);
    expect(loaded.diagnostics).toEqual([]);
    const result = compileProject(dir, { quoting: trinoQuoting });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([]);
    const names = result.graph.actions.map((a) => `${a.kind} ${a.target.schema}.${a.target.name}`);
    expect(names).toEqual(expect.arrayContaining([`declaration ${schema}.leituras`, `declaration ${schema}.leituras_dead_letter`, `view ${schema}.por_estacao`]));
    const view = result.graph.actions.find((a) => a.target.name === "por_estacao");
    expect(view?.dependencies).toEqual([`iceberg.${schema}.leituras`]);
    expect(view && "query" in view ? view.query : "").toContain(`"iceberg"."${schema}"."leituras"`);
  });

  it("lands valid events exactly and dead-letters the rest with JSON pointers; a rerun adds nothing", async () => {
    await createTopic(topic, 1);
    const producer = await kafka.producer();
    try {
      await producer.send(topic, events.map((v, i) => ({ key: `k${i}`, value: Buffer.isBuffer(v) ? v : Buffer.from(v, "utf8"), partition: 0 })));
    } finally {
      await producer.stop();
    }
    ingest(dir);
    const bronze = `iceberg."${schema}".leituras`;
    const dead = `iceberg."${schema}".leituras_dead_letter`;
    const rows = await trino.queryObjects(
      `SELECT _offset, _key, _schema_id, estacao, CAST(medido_em AS VARCHAR) AS medido_em, CAST(gerado_ms AS VARCHAR) AS gerado_ms, temperatura, CAST(chuva_mm AS VARCHAR) AS chuva_mm, ` +
        `CAST(contador AS VARCHAR) AS contador, local.lat AS lat, local.lon AS lon, sensores, CAST(extras AS JSON) AS extras FROM ${bronze} ORDER BY _offset`,
    );
    expect(rows.map((r) => ({ ...r, _offset: Number(r["_offset"]), _schema_id: Number(r["_schema_id"]) }))).toEqual([
      {
        _offset: 0, _key: "k0", _schema_id: 0, estacao: "recife", medido_em: "2026-03-01 15:30:00.123456 UTC", gerado_ms: "2026-03-01 15:30:00.123000 UTC", temperatura: 29.5,
        chuva_mm: "12.30", contador: "9223372036854775807", lat: -8.05, lon: -34.9, sensores: ["t1", "h2"], extras: '{"bateria":98}',
      },
      { _offset: 1, _key: "k1", _schema_id: 0, estacao: "natal", medido_em: "2026-03-01 00:00:00.000000 UTC", gerado_ms: null, temperatura: -0.1, chuva_mm: null, contador: null, lat: -5.79, lon: null, sensores: null, extras: null },
      {
        _offset: 11, _key: "k11", _schema_id: 0, estacao: "joao_pessoa", medido_em: "2026-03-01 23:59:59.999999 UTC", gerado_ms: null, temperatura: 31, chuva_mm: "0.00", contador: null,
        lat: -7.1, lon: -34.8, sensores: [], extras: "{}",
      },
    ]);
    const dl = await trino.queryObjects(`SELECT _offset, _key, stream, error, raw_value_base64 FROM ${dead} ORDER BY _offset`);
    expect(dl.map((r) => [Number(r["_offset"]), r["error"]])).toEqual(expectedDead.map(([o, e]) => [o, o === 2 ? expect.stringMatching(/^invalid JSON: .+/) : e]));
    for (const r of dl) {
      const raw = events[Number(r["_offset"])]!;
      expect(r["raw_value_base64"]).toBe((Buffer.isBuffer(raw) ? raw : Buffer.from(raw)).toString("base64"));
      expect(r["stream"]).toBe("leituras");
    }

    // exactly once: offsets live in bronze, so a second run finds nothing new
    ingest(dir);
    const [[n, d]] = (await trino.query(`SELECT (SELECT count(*) FROM ${bronze}), (SELECT count(*) FROM ${dead})`)).rows as [[bigint, bigint]];
    expect([Number(n), Number(d)]).toEqual([3, expectedDead.length]);

    // lineage draws topic → bronze for the JSON stream
    const lineage = JSON.parse(execFileSync(process.execPath, [CLI, "lineage", dir, "--json"], { encoding: "utf8" })) as unknown;
    expect(JSON.stringify(lineage)).toContain(topic);
  });

  it("the Parquet sink lands JSON rows with the same values", async () => {
    // The Parquet sink writes scalars and ROWs only (arrays and maps refuse it, as for Avro), so
    // this contract drops them and allows undeclared properties: offsets 5 and 7 become valid.
    const { sensores: _s, extras: _e, ...props } = contract.properties;
    const parquetDir = project("leituras_pq", "consumer: { group: json-it-parquet }", { ...contract, additionalProperties: true, properties: props });
    ingest(parquetDir, "--sink", "parquet");
    const cols = "_offset, _key, estacao, medido_em, gerado_ms, temperatura, chuva_mm, contador, local";
    const t = (name: string) => `iceberg."${schema}".${name}`;
    const rows = await trino.query(`SELECT _offset FROM ${t("leituras_pq")} ORDER BY 1`);
    expect(rows.rows.map((r) => Number(r[0]))).toEqual([0, 1, 5, 7, 11]);
    const diff = Number((await trino.query(`SELECT count(*) FROM (SELECT ${cols} FROM ${t("leituras_pq")} WHERE _offset IN (0, 1, 11) EXCEPT SELECT ${cols} FROM ${t("leituras")})`)).rows[0]?.[0]);
    expect(diff).toBe(0);
    const dead = await trino.query(`SELECT _offset FROM ${t("leituras_pq_dead_letter")} ORDER BY 1`);
    expect(dead.rows.map((r) => Number(r[0]))).toEqual([2, 3, 4, 6, 8, 9, 10]);
  });

  it("an Avro schema as the contract: JSON typed like the Avro path, violations dead-lettered with pointers", async () => {
    const avroTopic = `${topic}_avro`;
    const avsc = {
      type: "record",
      name: "Leitura",
      fields: [
        { name: "estacao", type: "string" },
        { name: "medido_em", type: { type: "long", logicalType: "timestamp-millis" } },
        { name: "tipo", type: { type: "enum", name: "Tipo", symbols: ["AUTOMATICA", "MANUAL"] } },
        { name: "chuva_mm", type: ["null", { type: "bytes", logicalType: "decimal", precision: 6, scale: 1 }], default: null },
        { name: "local", type: { type: "record", name: "Local", fields: [{ name: "lat", type: "double" }] } },
      ],
    };
    const d = mkdtempSync(join(tmpdir(), "lakeform-it-json-avro-"));
    mkdirSync(join(d, "streams"), { recursive: true });
    writeFileSync(join(d, "workflow_settings.yaml"), `defaultProject: iceberg\ndefaultDataset: ${schema}\n`);
    writeFileSync(join(d, "streams/leitura.avsc"), JSON.stringify(avsc));
    writeFileSync(join(d, "streams/avro_json.yaml"), `topic: ${avroTopic}\nformat: { encoding: json, schema: leitura.avsc }\ntarget: { schema: ${schema}, table: avro_json }\n`);
    cleanupTopics.push(avroTopic);
    await createTopic(avroTopic, 1);
    const msgs = [
      '{"estacao":"a","medido_em":1772368200123,"tipo":"MANUAL","chuva_mm":"2.5","local":{"lat":-8.1}}',
      '{"estacao":"b","medido_em":1772368200000,"tipo":"AUTOMATICA","local":{"lat":1}}',
      '{"estacao":"c","medido_em":1772368200000,"tipo":"OUTRA","local":{"lat":1}}',
      '{"estacao":"d","tipo":"MANUAL","local":{"lat":1}}',
    ];
    const producer = await kafka.producer();
    try {
      await producer.send(avroTopic, msgs.map((v) => ({ key: null, value: Buffer.from(v), partition: 0 })));
    } finally {
      await producer.stop();
    }
    ingest(d);
    const rows = await trino.queryObjects(`SELECT _offset, estacao, CAST(medido_em AS varchar) AS t, tipo, CAST(chuva_mm AS varchar) AS chuva, local.lat AS lat FROM iceberg."${schema}".avro_json ORDER BY _offset`);
    expect(rows.map((r) => ({ ...r, _offset: Number(r["_offset"]) }))).toEqual([
      { _offset: 0, estacao: "a", t: "2026-03-01 12:30:00.123000 UTC", tipo: "MANUAL", chuva: "2.5", lat: -8.1 },
      { _offset: 1, estacao: "b", t: "2026-03-01 12:30:00.000000 UTC", tipo: "AUTOMATICA", chuva: null, lat: 1 },
    ]);
    const types = await trino.query(`SELECT data_type FROM iceberg.information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'avro_json' AND column_name IN ('medido_em', 'chuva_mm') ORDER BY column_name`);
    expect(types.rows.map((r) => r[0])).toEqual(["decimal(6,1)", "timestamp(6) with time zone"]);
    const dead = await trino.queryObjects(`SELECT _offset, error FROM iceberg."${schema}".avro_json_dead_letter ORDER BY _offset`);
    expect(dead.map((r) => [Number(r["_offset"]), r["error"]])).toEqual([
      [2, "schema violation at /tipo: must be equal to one of the allowed values"],
      [3, "required field missing at /medido_em: must have required property 'medido_em'"],
    ]);
  });
});
