/**
 * `npm run bench:ingest`: the streaming ingester on the local stack, next to its ceilings
 * measured in the same run on the same messages:
 *   - avsc decode rate (and decode + row rendering), in process
 *   - raw consume rate through the kafkajs adapter with a no-op handler
 *   - whole pipeline on a backlog (Kafka → decode → batch → Trino INSERT → Iceberg commit)
 *   - produce → visible-in-bronze latency p50/p95 at a steady produce rate
 * Not a test: numbers and ratios, no asserts.
 *
 * The pipeline and latency phases run once per sink (`--sink sql`: INSERT statements;
 * `--sink parquet`: staged Parquet files + add_files + INSERT … SELECT), each on its own topic
 * with the same N messages, so their figures compare directly.
 *
 * Env: BENCH_MESSAGES (default 200000; the issue's figure is 1000000), BENCH_RATE (latency
 * phase, msgs/s, default 2000), BENCH_LATENCY_SECONDS (default 30), BENCH_MAX_ROWS (batch rows),
 * BENCH_SINKS (default "sql,parquet").
 * Needs `npm run build` and `lakeform stack up`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as KafkaMod from "../src/adapters/kafka/kafkajs-client.js";
import type * as TrinoMod from "../src/adapters/trino/client.js";
import type * as ConnMod from "../src/config/connection.js";
import type * as DecoderMod from "../src/ingest/avro/decoder.js";
import type * as EncoderMod from "../src/ingest/avro/encoder.js";
import type * as SchemaMod from "../src/ingest/avro/parse-schema.js";
import type * as RenderMod from "../src/ingest/render-row.js";
import type * as RunMod from "../src/ingest/run-ingest.js";
import type * as StreamsMod from "../src/ingest/streams.js";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const [{ createKafkaClient }, { TrinoClient }, { resolveConnections }, { createDecoder }, { encodeConfluent }, { parseAvroSchema }, { renderGoodPrefix }, { runIngest }, { loadStreams }] =
  await Promise.all([
    load<typeof KafkaMod>("adapters/kafka/kafkajs-client.js"),
    load<typeof TrinoMod>("adapters/trino/client.js"),
    load<typeof ConnMod>("config/connection.js"),
    load<typeof DecoderMod>("ingest/avro/decoder.js"),
    load<typeof EncoderMod>("ingest/avro/encoder.js"),
    load<typeof SchemaMod>("ingest/avro/parse-schema.js"),
    load<typeof RenderMod>("ingest/render-row.js"),
    load<typeof RunMod>("ingest/run-ingest.js"),
    load<typeof StreamsMod>("ingest/streams.js"),
  ]);

const N = Number(process.env.BENCH_MESSAGES ?? 200_000);
const RATE = Number(process.env.BENCH_RATE ?? 2_000);
const LAT_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 30);
const MAX_ROWS = process.env.BENCH_MAX_ROWS ? Number(process.env.BENCH_MAX_ROWS) : undefined;
const PARTITIONS = 3;

// A small event: ~40 bytes of Avro.
const SCHEMA = {
  type: "record",
  name: "Reading",
  fields: [
    { name: "id", type: "long" },
    { name: "ts", type: { type: "long", logicalType: "timestamp-millis" } },
    { name: "sensor", type: "string" },
    { name: "value", type: "double" },
    { name: "ok", type: "boolean" },
  ],
};

const id = `${Date.now().toString(36)}`;
const topic = `bench_ingest_${id}`;
const trinoSchema = `bench_ingest_${id}`;
/** Sinks compared in one run (BENCH_SINKS, default both): each gets its own topic and bronze table. */
const SINKS = (process.env.BENCH_SINKS ?? "sql,parquet").split(",").map((x) => x.trim()) as ("sql" | "parquet")[];
const topicOf = (sink: string) => `${topic}_${sink}`;

function projectDir(sink: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-bench-ingest-"));
  mkdirSync(join(dir, "streams/schemas"), { recursive: true });
  writeFileSync(join(dir, "streams/schemas/reading.avsc"), JSON.stringify(SCHEMA));
  writeFileSync(
    join(dir, "streams/bench.yaml"),
    `topic: ${topicOf(sink)}\nformat: { encoding: confluent, schema: schemas/reading.avsc, schemaIds: { 1: schemas/reading.avsc } }\n` +
      `target: { schema: ${trinoSchema}, table: readings_${sink}, partitioning: ["day(_ingested_at)"] }\nbatch: { maxRows: ${MAX_ROWS ?? 100000}, maxBytes: 64mb, maxAgeMs: 500 }\n` +
      `consumer: { group: bench-${id}-${sink} }\n`,
  );
  return dir;
}
const dir = projectDir(SINKS[0] ?? "sql");

const conn = resolveConnections(REPO);
const kafka = createKafkaClient(conn.kafka);
const trino = new TrinoClient(conn.trino);
const type = parseAvroSchema(SCHEMA);
const stream = loadStreams(dir).streams[0];
if (!stream) throw new Error("bench stream did not load");
const silent = () => {};

const value = (i: number, nowMs: number) => encodeConfluent(type, 1, { id: BigInt(i), ts: new Date(nowMs), sensor: `s-${i % 500}`, value: i * 0.25, ok: i % 7 !== 0 });
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const lines: [string, string][] = [];
const report = (k: string, v: string) => {
  lines.push([k, v]);
  process.stderr.write(`${k}: ${v}\n`);
};

async function produce(topicName: string, count: number, startId: number, perSecond?: number): Promise<void> {
  const producer = await kafka.producer();
  const started = Date.now();
  const chunk = perSecond ? Math.max(1, Math.round(perSecond / 20)) : 5_000;
  try {
    for (let i = 0; i < count; i += chunk) {
      const now = Date.now();
      const msgs = Array.from({ length: Math.min(chunk, count - i) }, (_, j) => ({ key: null, value: value(startId + i + j, now), partition: (i + j) % PARTITIONS }));
      await producer.send(topicName, msgs);
      if (perSecond) {
        const ahead = ((i + chunk) / perSecond) * 1000 - (Date.now() - started);
        if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
      }
    }
  } finally {
    await producer.stop();
  }
}

const admin = await kafka.admin();
for (const sink of SINKS) await admin.createTopic(topicOf(sink), { partitions: PARTITIONS });
try {
  process.stderr.write(`bench: ${N} messages per sink (${SINKS.join(", ")}), bronze iceberg.${trinoSchema}.readings_<sink>\n`);
  let t0 = Date.now();
  await produce(topicOf(SINKS[0] ?? "sql"), N, 0);
  report("produce (kafkajs, acks=all, idempotent)", `${rate(N, Date.now() - t0)} msg/s`);
  for (const sink of SINKS.slice(1)) await produce(topicOf(sink), N, 0);

  // Ceiling 1: decode (and decode + render) in process.
  const sample = Array.from({ length: Math.min(N, 200_000) }, (_, i) => value(i, Date.now()));
  const decoder = createDecoder(stream);
  t0 = performance.now();
  for (const v of sample) decoder.decode(v);
  const decodeRate = rate(sample.length, performance.now() - t0);
  report("avsc decode", `${decodeRate} msg/s`);
  t0 = performance.now();
  const meta = { topic, partition: 0, offset: 0n, key: null, value: null, timestampMs: Date.now(), headers: {} };
  for (const v of sample) {
    const r = decoder.decode(v);
    if (r.ok) renderGoodPrefix(stream.payloadColumns, r.record, meta, r.schemaId, "json");
  }
  report("avsc decode + JSON row rendering", `${rate(sample.length, performance.now() - t0)} msg/s`);

  // Ceiling 2: raw consumption through the adapter, no work per message.
  const consumer = kafka.consumer({ groupId: `bench-raw-${id}` });
  let seen = 0;
  t0 = Date.now();
  await new Promise<void>((resolveDone, reject) => {
    void consumer
      .start([topicOf(SINKS[0] ?? "sql")], {
        onAssigned: () => {},
        onCrash: reject,
        onBatch: async (b, ctx) => {
          seen += b.messages.length;
          const last = b.messages[b.messages.length - 1];
          if (last) ctx.resolveOffset(last.offset);
          if (seen >= N) resolveDone();
        },
      })
      .catch(reject);
  });
  const consumeRate = rate(N, Date.now() - t0);
  await consumer.stop();
  report("raw kafkajs consume", `${consumeRate} msg/s`);

  const pipeRates = new Map<string, number>();
  for (const sink of SINKS) {
    const sinkDir = sink === SINKS[0] ? dir : projectDir(sink);
    // The pipeline on a backlog.
    const batchMs: number[] = [];
    t0 = Date.now();
    const [summary] = await runIngest({
      projectDir: sinkDir,
      untilIdle: true,
      quietMs: 60_000,
      sink,
      log: (level, msg) => {
        const m = /in (\d+) ms/.exec(msg);
        if (m) batchMs.push(Number(m[1]));
        if (level !== "info" && level !== "debug") process.stderr.write(`${level} ${msg}\n`);
      },
      clients: { kafka, trino },
    });
    const pipeMs = Date.now() - t0;
    const pipeRate = rate(summary?.rows ?? 0, pipeMs);
    pipeRates.set(sink, pipeRate);
    report(`[${sink}] pipeline (backlog → bronze)`, `${pipeRate} msg/s (${summary?.rows} rows in ${summary?.batches} batches, ${(pipeMs / 1000).toFixed(1)} s incl. startup)`);
    report(`[${sink}]   batch write time p50/p95`, `${pct(batchMs, 50)} / ${pct(batchMs, 95)} ms, ${Math.round((summary?.rows ?? 0) / Math.max(1, summary?.batches ?? 1))} rows per batch`);

    // Latency at a steady rate.
    const latencies: number[] = [];
    const stop = new AbortController();
    const ingest = runIngest({
      projectDir: sinkDir,
      stop: stop.signal,
      sink,
      log: silent,
      clients: { kafka, trino },
      onCommitted: (produced, committedAt) => {
        for (const p of produced) latencies.push(committedAt - p);
      },
    });
    await new Promise((r) => setTimeout(r, 5_000)); // let the consumer join first
    await produce(topicOf(sink), RATE * LAT_SECONDS, N, RATE);
    const deadline = Date.now() + 60_000;
    while (latencies.length < RATE * LAT_SECONDS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    stop.abort();
    await ingest;
    report(`[${sink}] latency produce → visible at ${RATE} msg/s`, `p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms (${latencies.length} messages)`);
  }

  process.stdout.write(`\nLakeform ingest benchmark (${N} messages per sink, ${PARTITIONS} partitions)\n`);
  for (const [k, v] of lines) process.stdout.write(`  ${k.padEnd(48)} ${v}\n`);
  for (const [sink, r] of pipeRates) {
    process.stdout.write(`  ${`[${sink}] pipeline / raw consume`.padEnd(48)} ${(r / consumeRate).toFixed(3)}\n`);
    process.stdout.write(`  ${`[${sink}] pipeline / avsc decode`.padEnd(48)} ${(r / decodeRate).toFixed(3)}\n`);
  }
  const [sql, parquet] = [pipeRates.get("sql"), pipeRates.get("parquet")];
  if (sql && parquet) process.stdout.write(`  ${"parquet sink / sql sink (throughput)".padEnd(48)} ${(parquet / sql).toFixed(2)}×\n`);
} finally {
  for (const sink of SINKS) await admin.deleteTopic(topicOf(sink)).catch(() => undefined);
  await admin.stop();
  const tables = await trino.query(`SHOW TABLES FROM iceberg."${trinoSchema}"`).catch(() => ({ rows: [] as unknown[][] }));
  for (const [t] of tables.rows) await trino.query(`DROP TABLE IF EXISTS iceberg."${trinoSchema}"."${String(t)}"`).catch(() => undefined);
  await trino.query(`DROP SCHEMA IF EXISTS iceberg."${trinoSchema}"`).catch(() => undefined);
}
