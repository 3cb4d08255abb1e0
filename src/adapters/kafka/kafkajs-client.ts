/**
 * The kafkajs implementation of Lakeform's Kafka interfaces (the only kafkajs importer).
 *
 * kafkajs 2.2.4 has no manual `assign()`, so consumption always goes through a consumer group.
 * "Direct" consumers emulate `assign()`: a group id used by this process alone and an assigner
 * that hands its only member the requested partitions, so a restart after SIGKILL never waits
 * for a dead member's session to expire (measured: ~30 s with a shared group, see
 * bench/ingest-restart.ts). Positions are decided by the caller (seek after each join), offsets
 * are committed only when the caller says so (`autoCommit: false`) and a batch's offsets are
 * resolved only by the caller (`eachBatchAutoResolve: false`).
 */
import { AssignerProtocol, Kafka, logLevel, Partitioners, type Consumer, type KafkaMessage, type LogEntry, type PartitionAssigner } from "kafkajs";
import type {
  ConsumerHandlers,
  ConsumerOptions,
  KafkaAdmin,
  KafkaClient,
  KafkaConnection,
  KafkaLogger,
  KafkaLogLevel,
  OutgoingMessage,
  PartitionReader,
  StreamConsumer,
  StreamMessage,
  StreamProducer,
  TopicPartition,
} from "./types.js";
import { kafkajsLogRouter, suppressKafkajsTimeoutWarning } from "./kafkajs-noise.js";

const LEVELS: Record<number, KafkaLogLevel> = {
  [logLevel.ERROR]: "error",
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

const DIRECT_ASSIGNER = "LakeformDirect";

/**
 * Gives the group's first member `partitions` (all of each topic's when undefined) and the
 * others nothing: the group id is private to one process, so a second member can only be a
 * leftover of the same process's earlier join.
 */
function directAssigner(partitions: readonly number[] | undefined, owner: string): PartitionAssigner {
  const userData = Buffer.from(owner, "utf8");
  return ({ cluster }) => ({
    name: DIRECT_ASSIGNER,
    version: 1,
    protocol: ({ topics }) => ({ name: DIRECT_ASSIGNER, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData }) }),
    assign: async ({ members, topics }) => {
      const sorted = [...members].sort((a, b) => a.memberId.localeCompare(b.memberId));
      const assignment: Record<string, number[]> = {};
      for (const t of topics) {
        const all = cluster.findTopicPartitionMetadata(t).map((m) => m.partitionId);
        assignment[t] = (partitions ? all.filter((p) => partitions.includes(p)) : all).sort((a, b) => a - b);
      }
      return sorted.map((m, i) => ({
        memberId: m.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: i === 0 ? assignment : {}, userData }),
      }));
    },
  });
}

class KafkajsConsumer implements StreamConsumer {
  private readonly consumer: Consumer;
  private readonly direct: boolean;
  constructor(kafka: Kafka, opts: ConsumerOptions) {
    this.direct = opts.direct !== undefined;
    this.consumer = kafka.consumer({
      groupId: opts.groupId,
      maxBytesPerPartition: opts.maxBytesPerPartition ?? 4 * 1024 * 1024,
      maxBytes: 32 * 1024 * 1024,
      maxWaitTimeInMs: opts.maxWaitMs ?? 500,
      // Direct: the session only bounds how long a crashed process on another host still looks
      // like a partition's reader (a restart on the same host takes over at once); 6 s is the
      // broker's minimum, 15 s leaves room for a busy event loop between heartbeats.
      sessionTimeout: opts.sessionTimeoutMs ?? (opts.direct ? 15_000 : 30_000),
      heartbeatInterval: opts.direct ? 1_000 : 3_000,
      allowAutoTopicCreation: false,
      ...(opts.direct ? { partitionAssigners: [directAssigner(opts.direct.partitions, opts.direct.owner)] } : {}),
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
    // A direct consumer's group dies with the process; offsets committed to it would only pile
    // up in __consumer_offsets (one group per start) for a week.
    if (offsets.length === 0 || this.direct) return;
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

/**
 * `log` receives kafkajs's own lines at `debug` and broker connection failures at `warn`
 * (kafkajs-noise.ts); `verbose` also asks kafkajs for its INFO lines.
 */
export function createKafkaClient(conn: KafkaConnection, log?: KafkaLogger, opts: { readonly verbose?: boolean } = {}): KafkaClient {
  suppressKafkajsTimeoutWarning();
  const route = kafkajsLogRouter(log);
  const kafka = new Kafka({
    clientId: conn.clientId,
    brokers: [...conn.brokers],
    logLevel: opts.verbose ? logLevel.INFO : logLevel.WARN,
    // Bounded: a request waits at most 30 s (kafkajs default), a connection attempt 3 s, and
    // a failing call is retried 8 times over ~1 min before it surfaces as an error.
    connectionTimeout: 3_000,
    requestTimeout: 30_000,
    retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...extra } = entry;
        route(LEVELS[level] ?? "info", message, extra);
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
        partitionReaders: async (topic, groupPrefix) => {
          const ids = (await a.listGroups()).groups.map((g) => g.groupId).filter((id) => id.startsWith(groupPrefix));
          if (ids.length === 0) return [];
          const out: PartitionReader[] = [];
          for (const g of (await a.describeGroups(ids)).groups) {
            if (g.state === "Empty" || g.state === "Dead") continue;
            for (const m of g.members) {
              const assignment = m.memberAssignment.length ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
              const partitions = assignment?.assignment[topic] ?? [];
              if (partitions.length === 0) continue;
              const meta = m.memberMetadata.length ? AssignerProtocol.MemberMetadata.decode(m.memberMetadata) : null;
              out.push({ groupId: g.groupId, clientHost: m.clientHost, owner: meta?.userData.toString("utf8") ?? "", partitions: [...partitions] });
            }
          }
          return out;
        },
        stop: () => a.disconnect(),
      };
    },
  };
}
