/**
 * `npm run bench:ingest-restart`: how long a SIGKILLed `lakeform ingest` takes to land data
 * again once it is restarted (issue 17 item 3: ~30 s with a shared consumer group; goal < 5 s).
 *
 * A producer writes a steady trickle to a 3-partition topic; the ingester (the real CLI, its own
 * process) is started, SIGKILLed a moment after a commit, and restarted at once, ROUNDS times.
 * Per round it prints kill → "assigned partitions" and kill → first committed batch of the new
 * process, and how long that first batch's own write took in Trino (on a loaded machine most of the
 * wait); at the end the medians and whether bronze holds every produced offset exactly once.
 * Not a test: figures only.
 *
 * Env: BENCH_ROUNDS (default 5), BENCH_RATE (msgs/s, default 200), LAKEFORM_BENCH_CLI (the
 * `dist/cli/main.js` to measure, default this checkout's — point it at another build to
 * measure "before"). Needs `npm run build` and `lakeform stack up`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as KafkaMod from "../src/adapters/kafka/kafkajs-client.js";
import type * as TrinoMod from "../src/adapters/trino/client.js";
import type * as ConnMod from "../src/config/connection.js";
import type * as EncoderMod from "../src/ingest/avro/encoder.js";
import type * as SchemaMod from "../src/ingest/avro/parse-schema.js";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const [{ createKafkaClient }, { TrinoClient }, { resolveConnections }, { encodeConfluent }, { parseAvroSchema }] = await Promise.all([
  load<typeof KafkaMod>("adapters/kafka/kafkajs-client.js"),
  load<typeof TrinoMod>("adapters/trino/client.js"),
  load<typeof ConnMod>("config/connection.js"),
  load<typeof EncoderMod>("ingest/avro/encoder.js"),
  load<typeof SchemaMod>("ingest/avro/parse-schema.js"),
]);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const CLI = resolve(process.env.LAKEFORM_BENCH_CLI ?? join(REPO, "dist/cli/main.js"));
const PARTITIONS = 3;
const SCHEMA = { type: "record", name: "Tick", fields: [{ name: "id", type: "long" }, { name: "note", type: "string" }] };

const id = Date.now().toString(36);
const topic = `bench_restart_${id}`;
const schema = `bench_restart_${id}`;
const dir = mkdtempSync(join(tmpdir(), "lakeform-bench-restart-"));
mkdirSync(join(dir, "streams/schemas"), { recursive: true });
writeFileSync(join(dir, "streams/schemas/tick.avsc"), JSON.stringify(SCHEMA));
writeFileSync(
  join(dir, "streams/ticks.yaml"),
  `topic: ${topic}\nformat: { encoding: confluent, schema: schemas/tick.avsc, schemaIds: { 1: schemas/tick.avsc } }\n` +
    `target: { schema: ${schema}, table: ticks }\nbatch: { maxRows: 5000, maxAgeMs: 500 }\n`,
);

const conn = resolveConnections(REPO);
const kafka = createKafkaClient(conn.kafka);
const trino = new TrinoClient(conn.trino);
const type = parseAvroSchema(SCHEMA);

interface Ingester {
  readonly child: ChildProcess;
  /** resolves with Date.now() when a stderr line matches */
  when(re: RegExp): Promise<number>;
  log(): string;
}

function startIngester(): Ingester {
  const child = spawn(process.execPath, [CLI, "ingest", dir], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: "1" } });
  let text = "";
  const waiters: { re: RegExp; resolve: (t: number) => void }[] = [];
  child.stderr?.on("data", (d: Buffer) => {
    const now = Date.now();
    text += d.toString();
    for (const w of [...waiters]) {
      if (w.re.test(text)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(now);
      }
    }
  });
  return {
    child,
    when: (re) => (re.test(text) ? Promise.resolve(Date.now()) : new Promise((r) => waiters.push({ re, resolve: r }))),
    log: () => text,
  };
}

const exited = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null || c.signalCode !== null ? r() : c.once("exit", () => r())));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const withTimeout = <T>(p: Promise<T>, ms: number, what: string, ing: Ingester) =>
  Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`${what}: nothing after ${ms} ms\n${ing.log().slice(-3000)}`)), ms))]);

const admin = await kafka.admin();
await admin.createTopic(topic, { partitions: PARTITIONS });
let producing = true;
let produced = 0;
const producerLoop = (async () => {
  const p = await kafka.producer();
  try {
    while (producing) {
      const n = Math.max(1, Math.round(RATE / 10));
      await p.send(topic, Array.from({ length: n }, (_, j) => ({ key: null, value: encodeConfluent(type, 1, { id: BigInt(produced + j), note: "tick" }), partition: (produced + j) % PARTITIONS })));
      produced += n;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await p.stop();
  }
})();

const assignedMs: number[] = [];
const commitMs: number[] = [];
/** the first batch's own write time, from its log line ("batch 1: … in N ms") */
const writeMs: number[] = [];
try {
  process.stderr.write(`bench: ${ROUNDS} SIGKILL/restart rounds of ${CLI} on ${topic} (${RATE} msg/s)\n`);
  let ing = startIngester();
  await withTimeout(ing.when(/batch 1:/), 120_000, "first start", ing);
  for (let round = 1; round <= ROUNDS; round++) {
    await new Promise((r) => setTimeout(r, 1_000 + Math.random() * 1_000));
    ing.child.kill("SIGKILL");
    const killedAt = Date.now();
    await exited(ing.child);
    ing = startIngester();
    const next = ing;
    const [assigned, committed] = await Promise.all([
      withTimeout(next.when(/assigned partitions \d/), 120_000, `round ${round} assignment`, next),
      withTimeout(next.when(/batch 1:/), 120_000, `round ${round} first commit`, next),
    ]);
    assignedMs.push(assigned - killedAt);
    commitMs.push(committed - killedAt);
    const write = Number(/batch 1: .*? in (\d+) ms/.exec(next.log())?.[1] ?? NaN);
    writeMs.push(write);
    process.stderr.write(`round ${round}: kill → assigned ${assigned - killedAt} ms, kill → first commit ${committed - killedAt} ms (of which the batch's write ${write} ms)\n`);
  }
  producing = false;
  await producerLoop;
  ing.child.kill("SIGTERM");
  await exited(ing.child);
  // Let a last ingester catch up, then check exactly once.
  const last = spawn(process.execPath, [CLI, "ingest", dir, "--until-idle", "--quiet-ms", "15000"], { stdio: "ignore" });
  await exited(last);
  const [[rows, distinct]] = (await trino.query(`SELECT count(*), count(DISTINCT (_partition, _offset)) FROM iceberg."${schema}".ticks`)).rows as unknown as [[bigint, bigint]];
  process.stdout.write(
    `${JSON.stringify({ cli: CLI, rounds: ROUNDS, killToAssignedMs: { median: median(assignedMs), max: Math.max(...assignedMs) }, killToFirstCommitMs: { median: median(commitMs), max: Math.max(...commitMs), all: commitMs }, firstBatchWriteMs: { median: median(writeMs), all: writeMs }, loadAverage: loadavg()[0], produced, bronzeRows: Number(rows), distinctOffsets: Number(distinct) }, null, 2)}\n`,
  );
} finally {
  producing = false;
  await producerLoop.catch(() => undefined);
  await admin.deleteTopic(topic).catch(() => undefined);
  await admin.stop();
  const tables = await trino.query(`SHOW TABLES FROM iceberg."${schema}"`).catch(() => ({ rows: [] as unknown[][] }));
  for (const [t] of tables.rows) await trino.query(`DROP TABLE IF EXISTS iceberg."${schema}"."${String(t)}"`).catch(() => undefined);
  await trino.query(`DROP SCHEMA IF EXISTS iceberg."${schema}"`).catch(() => undefined);
}
