/** What one stream's ingester needs (deps), is told (run options) and reports (summary). */
import type { KafkaClient } from "../adapters/kafka/types.js";
import type { ObjectStore } from "../adapters/s3/object-store.js";
import type { BatchLimits } from "./batcher.js";
import type { CallLimits } from "./guard/slow-call.js";
import type { IngestLogger } from "./log.js";
import type { IngestMetrics } from "./metrics.js";
import type { SqlRunner } from "./sql-runner.js";

/** Trino's default `query.max-length` is 1,000,000; keep a margin for the statement header. */
export const DEFAULT_MAX_SQL_CHARS = 950_000;

export interface IngesterDeps {
  readonly kafka: KafkaClient;
  readonly trino: SqlRunner;
  readonly log: IngestLogger;
  readonly metrics: IngestMetrics;
  /** set: good rows go through Parquet files staged here (`--sink parquet`), not SQL statements */
  readonly objectStore?: ObjectStore | undefined;
  /** aborts in-flight Trino statements (the second SIGTERM); the batch is re-read on restart */
  readonly abort?: AbortSignal | undefined;
  readonly now?: () => number;
  /** timeouts and slow-call warnings for Trino and S3 (default DEFAULT_CALL_LIMITS) */
  readonly callLimits?: Partial<CallLimits> | undefined;
}

export interface IngestRunOptions {
  /** stop once every partition is caught up (or nothing moved for `quietMs`) */
  readonly untilIdle?: boolean;
  readonly quietMs?: number;
  /** stop after this many messages were landed (good + dead-lettered) */
  readonly maxMessages?: number;
  /** graceful stop: finish the buffered batch, commit, disconnect */
  readonly stop?: AbortSignal | undefined;
  readonly limits?: Partial<BatchLimits>;
  /**
   * Static partition ownership: ingest only these partitions of the topic (default: all). Two
   * processes claiming one partition at once are refused (see ownership/partition-claim.ts).
   */
  readonly partitions?: readonly number[] | undefined;
  /** called after each committed batch with the Kafka timestamps of its messages (latency) */
  readonly onCommitted?: (producedAtMs: readonly number[], committedAtMs: number) => void;
}

export interface IngestSummary {
  readonly stream: string;
  readonly messages: number;
  readonly rows: number;
  readonly deadLetters: number;
  readonly skipped: number;
  readonly batches: number;
  readonly reason: "idle" | "max-messages" | "stopped";
}
