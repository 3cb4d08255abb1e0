import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createKafkaClient } from "../../../src/adapters/kafka/kafkajs-client.js";
import type { KafkaClient } from "../../../src/adapters/kafka/types.js";
import { TrinoClient } from "../../../src/adapters/trino/client.js";
import { resolveConnections } from "../../../src/config/connection.js";
import { parseAvroSchema } from "../../../src/ingest/avro/parse-schema.js";
import { generateMessages, type GenerateOptions, type SimMessage } from "../../../src/simulate/generate.js";

export const ROOT = resolve(import.meta.dirname, "../../..");
export const conn = resolveConnections(ROOT);
export const trino = new TrinoClient(conn.trino);
export const kafka: KafkaClient = createKafkaClient(conn.kafka);

export const uid = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

export const schemaOf = (v: 1 | 2) => parseAvroSchema(readFileSync(join(ROOT, `streams/schemas/dados_produtores.v${v}.avsc`), "utf8"));

/** A throwaway project with one stream on its own topic and its own Trino schema. */
export function makeProject(opts: { topic: string; schema: string; extra?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-it-ingest-"));
  mkdirSync(join(dir, "streams/schemas"), { recursive: true });
  for (const v of [1, 2]) copyFileSync(join(ROOT, `streams/schemas/dados_produtores.v${v}.avsc`), join(dir, `streams/schemas/v${v}.avsc`));
  writeFileSync(
    join(dir, "streams/s.yaml"),
    [
      `topic: ${opts.topic}`,
      "format:",
      "  encoding: confluent",
      "  schema: schemas/v2.avsc",
      "  schemaIds: { 1: schemas/v1.avsc, 2: schemas/v2.avsc }",
      `target: { schema: ${opts.schema}, table: bronze, partitioning: ["month(_ingested_at)", "tipo_pessoa"] }`,
      "required: [cpf_cnpj, tipo_pessoa]",
      opts.extra ?? "",
    ].join("\n"),
  );
  return dir;
}

export async function createTopic(topic: string, partitions = 3): Promise<void> {
  const admin = await kafka.admin();
  try {
    await admin.createTopic(topic, { partitions });
  } finally {
    await admin.stop();
  }
}

export async function deleteTopic(topic: string): Promise<void> {
  const admin = await kafka.admin();
  try {
    await admin.deleteTopic(topic).catch(() => undefined);
  } finally {
    await admin.stop();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  const tables = await trino.query(`SHOW TABLES FROM iceberg."${schema}"`).catch(() => ({ rows: [] as unknown[][] }));
  for (const [t] of tables.rows) await trino.query(`DROP TABLE IF EXISTS iceberg."${schema}"."${String(t)}"`);
  await trino.query(`DROP SCHEMA IF EXISTS iceberg."${schema}"`);
}

export interface Produced extends SimMessage {
  readonly partition: number;
  readonly offset: bigint;
}

/** Produces simulator messages round-robin over partitions; returns where each one went. */
export async function produce(topic: string, partitions: number, o: Omit<GenerateOptions, "current" | "old" | "nowMs"> & { nowMs?: number }): Promise<Produced[]> {
  const producer = await kafka.producer();
  const next = Array.from({ length: partitions }, () => 0n);
  const out: Produced[] = [];
  try {
    let chunk: { key: string; value: Buffer; partition: number }[] = [];
    const all = generateMessages({ ...o, nowMs: o.nowMs ?? Date.now(), current: { id: 2, version: 2, type: schemaOf(2) }, old: { id: 1, version: 1, type: schemaOf(1) } });
    let i = 0;
    for (const m of all) {
      const partition = i++ % partitions;
      out.push({ ...m, partition, offset: next[partition]! });
      next[partition]! += 1n;
      chunk.push({ key: m.key, value: m.value, partition });
      if (chunk.length >= 1000) {
        await producer.send(topic, chunk);
        chunk = [];
      }
    }
    if (chunk.length) await producer.send(topic, chunk);
  } finally {
    await producer.stop();
  }
  return out;
}

const RUNNER = join(ROOT, "tests/integration/ingest/run-ingester.mjs");

/** The ingester as its own process (so it can be SIGKILLed). */
export function spawnIngester(projectDir: string, args: string[] = [], env: Record<string, string> = {}): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [RUNNER, projectDir, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, KAFKAJS_NO_PARTITIONER_WARNING: "1", ...env } });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return Object.assign(child, { output: () => out });
}

export function waitExit(child: ChildProcess, timeoutMs = 240_000): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    const t = setTimeout(() => reject(new Error("ingester did not exit in time")), timeoutMs);
    child.once("exit", (code) => {
      clearTimeout(t);
      resolve(code);
    });
  });
}

export async function ingestUntilIdle(projectDir: string, args: string[] = [], env: Record<string, string> = {}): Promise<string> {
  // Caller args first: run-ingester.mjs takes the first occurrence of a flag.
  const child = spawnIngester(projectDir, [...args, "--until-idle", "--quiet-ms", "15000"], env);
  const code = await waitExit(child);
  if (code !== 0) throw new Error(`ingester exited ${code}:\n${child.output()}`);
  return child.output();
}

/** A venv with fastavro + kafka-python from PyPI, for the "producer that is not ours" test. */
export function pythonProducer(): string {
  const venv = join(homedir(), ".cache", "lakeform", "py-avro-producer");
  const py = join(venv, "bin", "python");
  if (!existsSync(py)) execFileSync("python3", ["-m", "venv", venv], { stdio: "inherit" });
  try {
    execFileSync(py, ["-c", "import fastavro, kafka"], { stdio: "ignore" });
  } catch {
    execFileSync(join(venv, "bin", "pip"), ["install", "-q", "fastavro==1.13.1", "kafka-python==3.0.12"], { stdio: "inherit" });
  }
  return py;
}
