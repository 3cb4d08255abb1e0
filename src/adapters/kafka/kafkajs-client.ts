/**
 * The kafkajs implementation of Lakeform's Kafka interfaces (the only kafkajs importer).
 *
 * kafkajs 2.2.4 has no manual `assign()`, so consumption always goes through a consumer group;
 * positions are still decided by the caller (seek after each join), offsets are committed only
 * when the caller says so (`autoCommit: false`) and a batch's offsets are resolved only by the
 * caller (`eachBatchAutoResolve: false`).
 */
import { Kafka, logLevel, Partitioners, type Consumer, type KafkaMessage, type LogEntry } from "kafkajs";
import type {
  ConsumerHandlers,
  ConsumerOptions,
  KafkaAdmin,
  KafkaClient,
  KafkaConnection,
  KafkaLogger,
  KafkaLogLevel,
  OutgoingMessage,
  StreamConsumer,
  StreamMessage,
  StreamProducer,
  TopicPartition,
} from "./types.js";

const LEVELS: Record<number, KafkaLogLevel> = {
  // kafkajs logs ERROR for conditions it then retries (e.g. "Response GroupCoordinator …
  // The group coordinator is not available" while a fresh broker elects one); real failures
  // reach the caller through the CRASH event, so these are warnings.
  [logLevel.ERROR]: "warn",
  [logLevel.WARN]: "warn",
  [logLevel.INFO]: "info",
  [logLevel.DEBUG]: "debug",
};

function headerText(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.toString("utf8");
  if (Array.isArray(v)) return v.map(headerText).join(",");
  return v === undefined || v === null ? "" : String(v);
}

export function toStreamMessage(topic: string, partition: number, m: KafkaMessage): StreamMessage {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) headers[k] = headerText(v);
  return {
    topic,
    partition,
    offset: BigInt(m.offset),
    key: m.key ?? null,
    value: m.value ?? null,
    timestampMs: Number(m.timestamp),
    headers,
  };
}

class KafkajsConsumer implements StreamConsumer {
  private readonly consumer: Consumer;
  constructor(kafka: Kafka, opts: ConsumerOptions) {
    this.consumer = kafka.consumer({
      groupId: opts.groupId,
      maxBytesPerPartition: opts.maxBytesPerPartition ?? 4 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: opts.maxWaitMs ?? 500,
      sessionTimeout: opts.sessionTimeoutMs ?? 30_000,
      allowAutoTopicCreation: false,
    });
  }

  async start(topics: readonly string[], handlers: ConsumerHandlers): Promise<void> {
    const c = this.consumer;
    c.on(c.events.GROUP_JOIN, (e) => {
      const assigned: TopicPartition[] = [];
      for (const [topic, partitions] of Object.entries(e.payload.memberAssignment)) {
        for (const partition of partitions) assigned.push({ topic, partition });
      }
      handlers.onAssigned(assigned);
    });
    c.on(c.events.CRASH, (e) => {
      if (!e.payload.restart) handlers.onCrash(e.payload.error);
    });
    await c.connect();
    await c.subscribe({ topics: [...topics], fromBeginning: true });
    await c.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      // partitions are independent lanes in the ingester; let their batches overlap
      partitionsConsumedConcurrently: 8,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isStale }) => {
        await handlers.onBatch(
          {
            topic: batch.topic,
            partition: batch.partition,
            highWatermark: BigInt(batch.highWatermark),
            messages: batch.messages.map((m) => toStreamMessage(batch.topic, batch.partition, m)),
          },
          { resolveOffset: (o) => resolveOffset(o.toString()), heartbeat, isStale },
        );
      },
    });
  }

  seek(topic: string, partition: number, offset: bigint): void {
    this.consumer.seek({ topic, partition, offset: offset.toString() });
  }

  async commit(offsets: readonly (TopicPartition & { offset: bigint })[]): Promise<void> {
    if (offsets.length === 0) return;
    await this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: o.offset.toString() })));
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

function toKafkajsMessage(m: OutgoingMessage) {
  return {
    key: m.key ?? null,
    value: m.value,
    ...(m.partition !== undefined ? { partition: m.partition } : {}),
    ...(m.timestampMs !== undefined ? { timestamp: String(m.timestampMs) } : {}),
    ...(m.headers ? { headers: { ...m.headers } } : {}),
  };
}

export function createKafkaClient(conn: KafkaConnection, log?: KafkaLogger): KafkaClient {
  const kafka = new Kafka({
    clientId: conn.clientId,
    brokers: [...conn.brokers],
    logLevel: logLevel.WARN,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...extra } = entry;
        log?.(LEVELS[level] ?? "info", message, extra);
      },
  });
  return {
    consumer: (opts) => new KafkajsConsumer(kafka, opts),
    producer: async (): Promise<StreamProducer> => {
      // The legacy partitioner keeps keys on the same partitions as Java clients' murmur2.
      const p = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await p.connect();
      return {
        send: async (topic, messages) => {
          await p.send({ topic, acks: -1, messages: messages.map(toKafkajsMessage) });
        },
        stop: () => p.disconnect(),
      };
    },
    admin: async (): Promise<KafkaAdmin> => {
      const a = kafka.admin();
      await a.connect();
      return {
        createTopic: (topic, opts) =>
          a.createTopics({
            waitForLeaders: true,
            topics: [{ topic, numPartitions: opts.partitions, replicationFactor: opts.replicationFactor ?? 1 }],
          }),
        deleteTopic: (topic) => a.deleteTopics({ topics: [topic] }),
        listTopics: () => a.listTopics(),
        topicOffsets: async (topic) =>
          (await a.fetchTopicOffsets(topic)).map((o) => ({ partition: o.partition, low: BigInt(o.low), high: BigInt(o.high) })),
        stop: () => a.disconnect(),
      };
    },
  };
}
