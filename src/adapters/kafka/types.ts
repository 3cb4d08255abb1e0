/**
 * Lakeform's view of Kafka, independent of the client library. Only `kafkajs-client.ts`
 * imports kafkajs (unmaintained since 2023, so it must stay replaceable). Offsets are
 * `bigint` here: Kafka offsets are int64 and the exactly-once bookkeeping compares them.
 */

export interface StreamMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Kafka record timestamp, epoch milliseconds */
  readonly timestampMs: number;
  readonly headers: Readonly<Record<string, string>>;
}

export interface FetchedBatch {
  readonly topic: string;
  readonly partition: number;
  /** Log-end offset of the partition when this batch was fetched (lag = highWatermark - offset - 1). */
  readonly highWatermark: bigint;
  readonly messages: readonly StreamMessage[];
}

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

export interface BatchContext {
  /** Mark messages up to `offset` as consumed so the next fetch starts after it (not a commit). */
  resolveOffset(offset: bigint): void;
  /** Keep group membership alive during long work (e.g. retrying a Trino insert). */
  heartbeat(): Promise<void>;
  /** False once a rebalance or seek made this batch outdated; stop processing it. */
  isStale(): boolean;
}

export interface ConsumerHandlers {
  /** Called after every (re)join with this member's assignment; batches for a partition wait for it. */
  onAssigned(partitions: readonly TopicPartition[]): void;
  onBatch(batch: FetchedBatch, ctx: BatchContext): Promise<void>;
  /** The client gave up (after its own retries); the consumer is stopped. */
  onCrash(error: Error): void;
}

export interface StreamConsumer {
  start(topics: readonly string[], handlers: ConsumerHandlers): Promise<void>;
  /** Fetch `partition` from `offset` next; batches already fetched become stale. */
  seek(topic: string, partition: number, offset: bigint): void;
  /** Advisory: the bronze table is the source of truth for positions. */
  commit(offsets: readonly (TopicPartition & { readonly offset: bigint })[]): Promise<void>;
  stop(): Promise<void>;
}

export interface OutgoingMessage {
  readonly key?: Buffer | string | null;
  readonly value: Buffer | null;
  readonly partition?: number;
  readonly timestampMs?: number;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface StreamProducer {
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  stop(): Promise<void>;
}

export interface PartitionOffsets {
  readonly partition: number;
  /** first available offset */
  readonly low: bigint;
  /** log-end offset (next offset to be written) */
  readonly high: bigint;
}

export interface KafkaAdmin {
  createTopic(topic: string, opts: { partitions: number; replicationFactor?: number }): Promise<boolean>;
  deleteTopic(topic: string): Promise<void>;
  listTopics(): Promise<string[]>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Members of the groups whose id starts with `groupPrefix` that are assigned partitions of `topic`. */
  partitionReaders(topic: string, groupPrefix: string): Promise<PartitionReader[]>;
  stop(): Promise<void>;
}

export interface ConsumerOptions {
  /**
   * With `direct`, a group id no other process uses (one member, no one to wait for after a
   * crash); otherwise a shared consumer group.
   */
  readonly groupId: string;
  /** upper bound of bytes fetched per partition per request */
  readonly maxBytesPerPartition?: number;
  /** how long a fetch waits for data before returning empty */
  readonly maxWaitMs?: number;
  readonly sessionTimeoutMs?: number;
  /**
   * Direct assignment: this consumer alone reads `partitions` (every partition of the topic when
   * undefined) and `owner` is published with its membership, so another process can see who
   * reads a partition (`KafkaAdmin.partitionReaders`).
   */
  readonly direct?: { readonly partitions?: readonly number[] | undefined; readonly owner: string } | undefined;
}

/** A live consumer of a topic, as the broker's group coordinator describes it. */
export interface PartitionReader {
  readonly groupId: string;
  readonly clientHost: string;
  /** the `owner` string it published (empty for consumers that are not Lakeform's direct ones) */
  readonly owner: string;
  readonly partitions: readonly number[];
}

export interface KafkaClient {
  consumer(opts: ConsumerOptions): StreamConsumer;
  producer(): Promise<StreamProducer>;
  admin(): Promise<KafkaAdmin>;
}

export interface KafkaConnection {
  readonly brokers: readonly string[];
  readonly clientId: string;
}

export type KafkaLogLevel = "error" | "warn" | "info" | "debug";
export type KafkaLogger = (level: KafkaLogLevel, message: string, extra: Readonly<Record<string, unknown>>) => void;
