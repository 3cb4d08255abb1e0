/**
 * `lakeform simulate <stream>`: produces simulated events to the stream's topic (creating
 * it if needed). Only streams with a simulator (`SIMULATORS`) can be simulated.
 */
import { readFileSync } from "node:fs";
import { createKafkaClient } from "../adapters/kafka/kafkajs-client.js";
import type { KafkaClient } from "../adapters/kafka/types.js";
import { DiagnosticsError, LakeformError } from "../common/errors.js";
import { resolveConnections } from "../config/connection.js";
import { parseAvroSchema } from "../ingest/avro/parse-schema.js";
import { selectStreams } from "../ingest/run-ingest.js";
import { loadStreams } from "../ingest/streams.js";
import { generateClimaMessages } from "./clima.js";
import { generateMessages, type Expectation, type WriterSchema } from "./generate.js";

export const SIMULATORS: readonly string[] = ["dados_produtores", "leituras_clima"];

export interface SimulateOptions {
  readonly projectDir: string;
  readonly stream: string;
  readonly count: number;
  /** messages per second; undefined = as fast as possible */
  readonly rate?: number | undefined;
  readonly seed?: number | undefined;
  readonly badShare?: number | undefined;
  readonly oldSchemaShare?: number | undefined;
  /** partitions when the topic has to be created */
  readonly partitions?: number | undefined;
  /** produce to this topic instead of the stream's (tests) */
  readonly topic?: string | undefined;
  readonly kafka?: KafkaClient | undefined;
  readonly nowMs?: number | undefined;
  readonly log?: (message: string) => void;
}

export type SimulateSummary = { readonly topic: string; readonly produced: number } & Readonly<Record<Expectation, number>> & { readonly duplicate?: number };

const CHUNK = 500;

export async function runSimulate(o: SimulateOptions): Promise<SimulateSummary> {
  const loaded = loadStreams(o.projectDir);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors);
  const [stream] = selectStreams(loaded.streams, [o.stream]);
  if (!stream || !SIMULATORS.includes(stream.name)) {
    throw new LakeformError("usage", `no simulator for stream "${o.stream}"`, { hint: `simulators exist for: ${SIMULATORS.join(", ")}` });
  }
  // examples/clima's weather readings are JSON; the agro-credit stream is Confluent-framed Avro
  if (stream.name === "leituras_clima") return produceMessages(o, stream.topic, generateClimaMessages({ count: o.count, seed: o.seed ?? 42, badShare: o.badShare ?? 0.05, nowMs: o.nowMs ?? Date.now() }));
  if (stream.format.encoding !== "confluent" || Object.keys(stream.format.schemaIds).length === 0) {
    throw new LakeformError("config", `the simulator writes Confluent-framed Avro; stream "${stream.name}" must declare format.schemaIds`);
  }
  // The highest id is the current writer schema, the lowest the old one (evolution demo).
  const schemaIds = stream.format.schemaIds;
  const ids = Object.keys(schemaIds).map(Number).sort((a, b) => a - b);
  const writer = (id: number, version: 1 | 2): WriterSchema => ({ id, version, type: parseAvroSchema(readFileSync(schemaIds[id] ?? "", "utf8")) });
  const current = writer(ids[ids.length - 1] ?? 0, ids.length > 1 ? 2 : 1);
  const old = ids.length > 1 ? writer(ids[0] ?? 0, 1) : undefined;
  return produceMessages(
    o,
    stream.topic,
    generateMessages({ count: o.count, seed: o.seed ?? 42, badShare: o.badShare ?? 0.05, oldSchemaShare: o.oldSchemaShare ?? 0.2, nowMs: o.nowMs ?? Date.now(), current, old }),
  );
}

/** Creates the topic when missing and produces the messages in chunks (throttled with `rate`). */
async function produceMessages(o: SimulateOptions, streamTopic: string, messages: Iterable<{ key: string; value: Buffer; expect: string }>): Promise<SimulateSummary> {
  const topic = o.topic ?? streamTopic;
  const kafka = o.kafka ?? createKafkaClient(resolveConnections(o.projectDir).kafka);
  const admin = await kafka.admin();
  try {
    if (!(await admin.listTopics()).includes(topic)) {
      await admin.createTopic(topic, { partitions: o.partitions ?? 3 });
      o.log?.(`created topic ${topic} with ${o.partitions ?? 3} partitions`);
    }
  } finally {
    await admin.stop();
  }
  const producer = await kafka.producer();
  const counts: Record<string, number> = { bronze: 0, "bronze-invalid": 0, "dead-letter": 0 };
  let produced = 0;
  const started = Date.now();
  try {
    let chunk: { key: string; value: Buffer }[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      await producer.send(topic, chunk);
      produced += chunk.length;
      chunk = [];
      if (o.rate) {
        const ahead = (produced / o.rate) * 1000 - (Date.now() - started);
        if (ahead > 0) await new Promise((r) => setTimeout(r, ahead));
      }
    };
    const per = o.rate ? Math.max(1, Math.min(CHUNK, Math.round(o.rate / 10))) : CHUNK;
    for (const m of messages) {
      counts[m.expect] = (counts[m.expect] ?? 0) + 1;
      chunk.push({ key: m.key, value: m.value });
      if (chunk.length >= per) await flush();
    }
    await flush();
  } finally {
    await producer.stop();
  }
  return { topic, produced, bronze: counts["bronze"] ?? 0, "bronze-invalid": counts["bronze-invalid"] ?? 0, "dead-letter": counts["dead-letter"] ?? 0, ...(counts["duplicate"] ? { duplicate: counts["duplicate"] } : {}) };
}
