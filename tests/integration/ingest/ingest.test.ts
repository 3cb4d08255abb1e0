/**
 * The ingester against the real stack (Kafka 3.9 + Trino 476 + Iceberg on MinIO). Each test
 * uses its own topic and its own Trino schema and drops both.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDecoder } from "../../../src/ingest/avro/decoder.js";
import type { AvroTimestamp } from "../../../src/ingest/avro/timestamp.js";
import { loadStreams } from "../../../src/ingest/streams.js";
import { Prng } from "../../../src/simulate/prng.js";
import { conn, createTopic, deleteTopic, dropSchema, ingestUntilIdle, makeProject, produce, pythonProducer, ROOT, spawnIngester, trino, uid, waitExit } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];

// Kill times are random but reproducible: the seed is printed, and LAKEFORM_TEST_SEED=<seed>
// replays a failing run's kill schedule.
const KILL_SEED = Number(process.env["LAKEFORM_TEST_SEED"] ?? Math.floor(Math.random() * 2 ** 31));
console.info(`[ingest.test] kill-time seed ${KILL_SEED} (rerun with LAKEFORM_TEST_SEED=${KILL_SEED})`);
const killRandom = new Prng(KILL_SEED);
const killDelay = () => killRandom.next();
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

async function setup(name: string) {
  const id = uid();
  const topic = `it_ingest_${name}_${id}`;
  const schema = `it_ingest_${id}`;
  await createTopic(topic, 3);
  cleanups.push(() => deleteTopic(topic), () => dropSchema(schema));
  return { topic, schema, dir: makeProject({ topic, schema }), bronze: `iceberg."${schema}".bronze`, dead: `iceberg."${schema}".bronze_dead_letter` };
}

const num = (v: unknown) => Number(v);

describe("lakeform ingest (real Kafka + Trino + Iceberg)", () => {
  it("lands 10,000 messages over 3 partitions as exactly 10,000 rows with the right values (v1 and v2 in one table)", async () => {
    const t = await setup("tenk");
    const sent = await produce(t.topic, 3, { count: 10_000, seed: 11, badShare: 0, oldSchemaShare: 0.3 });
    await ingestUntilIdle(t.dir);
    const [[rows, distinct, v1, v2, v1WithCanal]] = (
      await trino.query(
        `SELECT count(*), count(DISTINCT (_partition, _offset)), count_if(_schema_id = 1), count_if(_schema_id = 2), count_if(_schema_id = 1 AND canal_solicitacao IS NOT NULL) FROM ${t.bronze}`,
      )
    ).rows as unknown[][] as [[bigint, bigint, bigint, bigint, bigint]];
    expect(num(rows)).toBe(10_000);
    expect(num(distinct)).toBe(10_000);
    expect(num(v1) + num(v2)).toBe(10_000);
    expect(num(v1)).toBeGreaterThan(2_000);
    expect(num(v1WithCanal)).toBe(0); // v1 events get v2's default

    // Field-by-field check of a sample against the decoded messages.
    const decoder = createDecoder(loadStreams(t.dir).streams[0]!);
    const sample = sent.filter((_, i) => i % 397 === 0);
    const where = sample.map((m) => `(${m.partition}, ${m.offset})`).join(", ");
    const got = await trino.queryObjects(
      `SELECT _partition, _offset, _key, proponente_id, cpf_cnpj, tipo_pessoa, CAST(data_solicitacao AS VARCHAR) AS ts, valor_solicitado_credito, ` +
        `localizacao_propriedade.municipio AS municipio, fontes_dados_adicionais.serasa_score AS serasa, metadata_evento.timestamp_geracao_evento AS gerado, canal_solicitacao ` +
        `FROM ${t.bronze} WHERE (_partition, _offset) IN (${where})`,
    );
    expect(got).toHaveLength(sample.length);
    for (const m of sample) {
      const r = decoder.decode(m.value);
      if (!r.ok) throw new Error(r.error);
      const rec = r.record as Record<string, any>;
      const row = got.find((g) => num(g._partition) === m.partition && BigInt(g._offset as bigint) === m.offset)!;
      expect(row).toMatchObject({ _key: m.key, proponente_id: rec.proponente_id, cpf_cnpj: rec.cpf_cnpj, tipo_pessoa: rec.tipo_pessoa, municipio: rec.localizacao_propriedade.municipio });
      expect(row.ts).toBe(`${(rec.data_solicitacao as AvroTimestamp).toTrinoText()} UTC`);
      expect(row.valor_solicitado_credito).toBe(rec.valor_solicitado_credito);
      expect(num(row.serasa)).toBe(rec.fontes_dados_adicionais.serasa_score);
      expect(BigInt(row.gerado as bigint)).toBe(rec.metadata_evento.timestamp_geracao_evento);
      expect(row.canal_solicitacao).toBe(rec.canal_solicitacao ?? null);
    }
    // The table was created with the declared partitioning.
    const ddl = String((await trino.query(`SHOW CREATE TABLE ${t.bronze}`)).rows[0]?.[0]);
    expect(ddl).toMatch(/partitioning = ARRAY\['month\(_ingested_at\)','tipo_pessoa'\]/);
  });

  it("survives SIGKILL at random points: every offset lands exactly once, poison messages in the dead-letter table", async () => {
    const t = await setup("crash");
    const sent = await produce(t.topic, 3, { count: 6_000, seed: 23, badShare: 0.08, oldSchemaShare: 0.2 });
    // Small batches so kills fall between, during and after inserts.
    for (let round = 0; round < 4; round++) {
      const child = spawnIngester(t.dir, ["--max-rows", "400"]);
      await new Promise((r) => setTimeout(r, 2_500 + killDelay() * 4_000));
      child.kill("SIGKILL");
      await waitExit(child);
    }
    // A generous quiet-ms: on a busy shared machine one Trino commit has taken 20 s. (Restarts no
    // longer wait for the killed consumers' sessions: each process reads through its own group.)
    const finalLog = await ingestUntilIdle(t.dir, ["--max-rows", "400", "--quiet-ms", "45000"]);

    const landed = (await trino.query(`SELECT _partition, _offset, count(*) FROM ${t.bronze} GROUP BY 1, 2`)).rows;
    const dead = (await trino.query(`SELECT _partition, _offset, count(*), max(error) FROM ${t.dead} GROUP BY 1, 2`)).rows;
    const key = (p: unknown, o: unknown) => `${num(p)}/${String(o)}`;
    const expectGood = new Set(sent.filter((m) => m.expect !== "dead-letter").map((m) => key(m.partition, m.offset)));
    const expectDead = new Set(sent.filter((m) => m.expect === "dead-letter").map((m) => key(m.partition, m.offset)));
    expect(landed.filter((r) => num(r[2]) !== 1)).toEqual([]); // no duplicates
    expect(dead.filter((r) => num(r[2]) !== 1)).toEqual([]);
    expect(new Set(landed.map((r) => key(r[0], r[1]))), `final ingester run:\n${finalLog.slice(-4000)}`).toEqual(expectGood);
    expect(new Set(dead.map((r) => key(r[0], r[1])))).toEqual(expectDead);
    expect(expectDead.size).toBeGreaterThan(20);
    expect(dead.some((r) => /not Confluent wire format|Avro decoding failed/.test(String(r[3])))).toBe(true);
    expect(dead.some((r) => /required field/.test(String(r[3])))).toBe(true);
  });

  it("a rebuilt bronze table is filled again from the topic, although the consumer group committed the end", async () => {
    const t = await setup("rebuild");
    await produce(t.topic, 3, { count: 2_000, seed: 7, badShare: 0, oldSchemaShare: 0 });
    await ingestUntilIdle(t.dir);
    await trino.query(`DROP TABLE ${t.bronze}`);
    const log = await ingestUntilIdle(t.dir);
    const [[n, d]] = (await trino.query(`SELECT count(*), count(DISTINCT (_partition, _offset)) FROM ${t.bronze}`)).rows as unknown[][] as [[bigint, bigint]];
    expect([num(n), num(d)], log.slice(-3000)).toEqual([2_000, 2_000]);
  });

  it("--sink parquet lands exactly the rows the SQL sink lands (same topic, two bronze tables, compared column by column)", async () => {
    const t = await setup("pq");
    await produce(t.topic, 3, { count: 10_000, seed: 31, badShare: 0.02, oldSchemaShare: 0.3 });
    const pqSchema = `${t.schema}_pq`;
    cleanups.push(() => dropSchema(pqSchema));
    const pqDir = makeProject({ topic: t.topic, schema: pqSchema });
    await ingestUntilIdle(t.dir);
    const log = await ingestUntilIdle(pqDir, ["--sink", "parquet"]);
    const pqBronze = `iceberg."${pqSchema}".bronze`;
    const columns = (await trino.query(`SELECT column_name FROM iceberg.information_schema.columns WHERE table_schema = '${pqSchema}' AND table_name = 'bronze' ORDER BY ordinal_position`)).rows
      .map((r) => String(r[0]))
      .filter((c) => !["_ingested_at", "_batch_end_offset", "_batch_high_watermark"].includes(c));
    expect(columns.length).toBeGreaterThan(20);
    const cols = columns.map((c) => `"${c}"`).join(", ");
    const count = async (sql: string) => num((await trino.query(sql)).rows[0]?.[0]);
    expect(await count(`SELECT count(*) FROM ${pqBronze}`), log.slice(-3000)).toBe(await count(`SELECT count(*) FROM ${t.bronze}`));
    expect(await count(`SELECT count(*) FROM ${pqBronze}`)).toBeGreaterThan(9_000);
    expect(await count(`SELECT count(*) FROM (SELECT ${cols} FROM ${pqBronze} EXCEPT SELECT ${cols} FROM ${t.bronze})`)).toBe(0);
    expect(await count(`SELECT count(*) FROM (SELECT ${cols} FROM ${t.bronze} EXCEPT SELECT ${cols} FROM ${pqBronze})`)).toBe(0);
    expect(await count(`SELECT count(*) FROM iceberg."${pqSchema}".bronze_dead_letter`)).toBe(await count(`SELECT count(*) FROM ${t.dead}`));
    // The rows came through staged files (one bronze commit per batch, appends only).
    expect(await count(`SELECT count(DISTINCT "$path") FROM iceberg."${pqSchema}".bronze__lakeform_staging`)).toBeGreaterThan(0);
    const ops = (await trino.query(`SELECT operation, count(*) FROM iceberg."${pqSchema}"."bronze$snapshots" GROUP BY 1`)).rows;
    expect(ops.map((r) => String(r[0]))).toEqual(["append"]);
  });

  it("--sink parquet survives SIGKILL at random points, with staging rebuilds between batches: every offset lands exactly once", async () => {
    const t = await setup("pqcrash");
    const sent = await produce(t.topic, 3, { count: 4_000, seed: 29, badShare: 0.05, oldSchemaShare: 0.2 });
    for (let round = 0; round < 3; round++) {
      const child = spawnIngester(t.dir, ["--sink", "parquet", "--max-rows", "300"], { LAKEFORM_STAGING_REBUILD_EVERY: "2" });
      await new Promise((r) => setTimeout(r, 3_000 + killDelay() * 4_000));
      child.kill("SIGKILL");
      await waitExit(child);
    }
    const finalLog = await ingestUntilIdle(t.dir, ["--sink", "parquet", "--max-rows", "300", "--quiet-ms", "45000"], { LAKEFORM_STAGING_REBUILD_EVERY: "2" });
    const landed = (await trino.query(`SELECT _partition, _offset, count(*) FROM ${t.bronze} GROUP BY 1, 2`)).rows;
    const key = (p: unknown, o: unknown) => `${num(p)}/${String(o)}`;
    expect(landed.filter((r) => num(r[2]) !== 1)).toEqual([]);
    expect(new Set(landed.map((r) => key(r[0], r[1]))), `final ingester run:\n${finalLog.slice(-4000)}`).toEqual(
      new Set(sent.filter((m) => m.expect !== "dead-letter").map((m) => key(m.partition, m.offset))),
    );
  });

  it("SIGTERM finishes the buffered batch and exits cleanly; a restart continues where bronze is", async () => {
    const t = await setup("sigterm");
    await produce(t.topic, 3, { count: 3_000, seed: 5, badShare: 0, oldSchemaShare: 0 });
    const child = spawnIngester(t.dir, ["--max-rows", "500"]);
    await new Promise((r) => setTimeout(r, 4_000));
    child.kill("SIGTERM");
    expect(await waitExit(child)).toBe(0);
    await ingestUntilIdle(t.dir);
    const [[n, d]] = (await trino.query(`SELECT count(*), count(DISTINCT (_partition, _offset)) FROM ${t.bronze}`)).rows as unknown[][] as [[bigint, bigint]];
    expect([num(n), num(d)]).toEqual([3_000, 3_000]);
  });

  it("lands messages from a producer that is not ours (Python fastavro + kafka-python)", async () => {
    const t = await setup("python");
    const py = pythonProducer();
    execFileSync(py, [join(ROOT, "tests/integration/ingest/foreign_producer.py"), conn.kafka.brokers.join(","), t.topic, join(ROOT, "streams/schemas/dados_produtores.v1.avsc"), "1", "500"], { stdio: "inherit" });
    await ingestUntilIdle(t.dir);
    const rows = await trino.queryObjects(
      `SELECT proponente_id, CAST(data_solicitacao AS VARCHAR) AS ts, nome_razao_social, renda_bruta_anual_declarada AS renda, fontes_dados_adicionais.serasa_score AS serasa, ` +
        `metadata_evento.timestamp_geracao_evento AS gerado, metadata_evento.origem_dados AS origem, _schema_id FROM ${t.bronze} ORDER BY proponente_id`,
    );
    expect(rows).toHaveLength(500);
    expect(rows[7]).toEqual({
      proponente_id: "PY-00007",
      ts: "2025-01-02 03:11:05.678000 UTC",
      nome_razao_social: "Produtor São João d'Aliança",
      renda: 10.5,
      serasa: 7,
      gerado: 2n ** 53n + 7n,
      origem: "python-fastavro",
      _schema_id: 1,
    });
    const [[dead]] = (await trino.query(`SELECT count(*) FROM ${t.dead}`)).rows as unknown[][] as [[bigint]];
    expect(num(dead)).toBe(0);
  });
});
