/**
 * One stream's ingestion, Kafka → decode → batch → bronze, exactly once: the lifecycle (start,
 * graceful stop, failure, idle detection). Partition handling is `partition-batches.ts`.
 *
 * Positions come from bronze, never from Kafka: after every (re)assignment each partition is
 * taken over (claim check, orphaned writes fenced) and positioned at bronze's `covered + 1`;
 * messages that are already landed are skipped. Each partition has a lane
 * (`partition-lane.ts`) whose state changes run through its own `Serial`, so a timed flush, a
 * batch and a resume of one partition never interleave, while partitions write concurrently.
 * Partitions are assigned directly (a consumer group private to this process), so a restart
 * after a crash does not wait for Kafka to forget the crashed process.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { KafkaClient } from "../adapters/kafka/types.js";
import { LakeformError, errorMessage } from "../common/errors.js";
import type { MessageDecoder } from "./avro/decoder.js";
import { createMessageDecoder } from "./message-decoder.js";
import { JSON_ROW_OVERHEAD_CHARS, ROW_OVERHEAD_CHARS } from "./batcher.js";
import { guardTrino } from "./guard/guarded-trino.js";
import { DEFAULT_CALL_LIMITS, duration, type CallLimits } from "./guard/slow-call.js";
import { DEFAULT_MAX_SQL_CHARS, type IngestRunOptions, type IngestSummary, type IngesterDeps } from "./ingester-options.js";
import { encodeOwner, type Owner } from "./ownership/partition-claim.js";
import { formatPartitions } from "./ownership/partition-set.js";
import { PartitionBatches } from "./partition-batches.js";
import { checkPartitionsExist, type TakeoverContext } from "./partition-takeover.js";
import { sleep } from "./retry.js";
import { BronzeSink, type SqlRunner } from "./sink.js";
import type { StreamDecl } from "./stream-decl.js";

export class StreamIngester {
  private readonly stream: StreamDecl;
  private readonly deps: IngesterDeps;
  private readonly now: () => number;
  private readonly decoder: MessageDecoder;
  private readonly sink: BronzeSink;
  /** deps.trino with timeouts and slow-call warnings (guard/guarded-trino.ts) */
  private readonly trino: SqlRunner;
  private fatal: unknown;
  private stopping = false;
  private wake: () => void = () => {};
  /** published with this process's Kafka membership; its `instance` tags every write */
  private readonly owner: Owner;

  constructor(stream: StreamDecl, deps: IngesterDeps) {
    this.stream = stream;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.decoder = createMessageDecoder(stream);
    this.owner = { host: hostname(), pid: process.pid, startedAtMs: this.now(), instance: randomUUID().slice(0, 13) };
    const labels = { stream: stream.name };
    const limits: CallLimits = { ...DEFAULT_CALL_LIMITS, ...deps.callLimits };
    this.trino = guardTrino(deps.trino, { limits, log: deps.log, label: stream.name });
    this.sink = new BronzeSink(stream, this.trino, {
      signal: deps.abort,
      limits,
      events: {
        onRetry: (what, attempt, e, waitMs) => {
          const call = /upload/.test(what) ? "s3" : "trino";
          deps.metrics.retries.inc({ ...labels, call });
          if (call === "trino") deps.metrics.trinoUp.set(labels, 0);
          deps.log("warn", `[${stream.name}] ${what} failed (attempt ${attempt}), retrying in ${waitMs} ms; not advancing: ${errorMessage(e).split("\n")[0]}`);
        },
        onSlow: (what, waitedMs, timeoutMs) =>
          deps.log("warn", `[${stream.name}] still waiting after ${duration(waitedMs)}: ${what}; abandoned and retried at ${duration(timeoutMs)}`),
        onRecovered: (what) => {
          deps.metrics.trinoUp.set(labels, 1);
          deps.log("info", `[${stream.name}] ${what} succeeded after retrying`);
        },
      },
      parquet: deps.objectStore ? { store: deps.objectStore } : undefined,
    });
  }

  /** The group prefix of every direct consumer of this stream (their ids end in the instance). */
  private get groupPrefix(): string {
    return `${this.stream.consumerGroup}.direct.`;
  }

  async run(opts: IngestRunOptions = {}): Promise<IngestSummary> {
    const s = this.stream;
    const goodRowOverheadChars = this.sink.rowFormat === "json" ? JSON_ROW_OVERHEAD_CHARS : ROW_OVERHEAD_CHARS;
    const limits = { ...s.batch, maxSqlChars: DEFAULT_MAX_SQL_CHARS, goodRowOverheadChars, ...opts.limits };
    if (opts.partitions) await checkPartitionsExist(this.deps.kafka, s, opts.partitions);
    await this.sink.ensureTables();
    this.deps.metrics.trinoUp.set({ stream: s.name }, 1);
    // Bronze's position is read at each assignment, after the claim check and the orphan fence
    // (an orphaned write may still commit before that), so not here: a restart reads it once.
    const which = opts.partitions ? ` partitions ${formatPartitions(opts.partitions)}` : "";
    this.deps.log("info", `[${s.name}] starting ${s.topic}${which} → ${s.target.catalog}.${s.target.schema}.${s.target.table}`);

    const takeover: TakeoverContext = { stream: s, kafka: this.deps.kafka, trino: this.trino, log: this.deps.log, owner: this.owner, groupPrefix: this.groupPrefix, abort: this.deps.abort };
    const self = this;
    const batches = new PartitionBatches({
      stream: s,
      deps: this.deps,
      sink: this.sink,
      decoder: this.decoder,
      takeover,
      now: this.now,
      limits,
      opts,
      host: {
        get stopping() {
          return self.stopping;
        },
        get fatal() {
          return self.fatal;
        },
        fail: (e) => this.fail(e),
        wake: () => this.wake(),
      },
    });
    const consumer = this.deps.kafka.consumer({
      groupId: `${this.groupPrefix}${this.owner.instance}`,
      direct: { partitions: opts.partitions, owner: encodeOwner(this.owner) },
    });
    batches.consumer = consumer;
    let reason: IngestSummary["reason"] = "stopped";
    const done = new Promise<void>((resolve) => (this.wake = resolve));
    const onStop = () => this.wake();
    opts.stop?.addEventListener("abort", onStop, { once: true });
    this.deps.abort?.addEventListener("abort", onStop, { once: true });
    // A SIGTERM during start-up (tables, Kafka join) came before these listeners: honour it.
    if (opts.stop?.aborted || this.deps.abort?.aborted) this.wake();
    batches.lastActivity = this.now();
    await consumer.start([s.topic], {
      onAssigned: (parts) => void batches.onAssigned(parts),
      onBatch: (batch, ctx) => batches.onBatch(batch, ctx),
      onCrash: (e) => this.fail(new LakeformError("connection", `Kafka consumer for stream "${s.name}" crashed: ${e.message}`, { cause: e })),
    });
    const timer = setInterval(() => batches.flushDue(), 100);
    const idle = opts.untilIdle ? this.watchIdle(batches, opts, () => (reason = "idle")) : undefined;
    try {
      await done;
      if (batches.counts.messages >= (opts.maxMessages ?? Infinity)) reason = "max-messages";
    } finally {
      this.stopping = true;
      clearInterval(timer);
      idle?.stop();
      opts.stop?.removeEventListener("abort", onStop);
      this.deps.abort?.removeEventListener("abort", onStop);
      try {
        if (!this.fatal && !this.deps.abort?.aborted) await batches.flushAll();
      } finally {
        await consumer.stop().catch(() => undefined);
      }
    }
    if (this.fatal) throw this.fatal;
    return { stream: s.name, ...batches.counts, reason };
  }

  private fail(e: unknown): void {
    if (this.fatal === undefined) this.fatal = e;
    this.stopping = true;
    this.wake();
  }

  private watchIdle(batches: PartitionBatches, opts: IngestRunOptions, onIdle: () => void): { stop(): void } {
    let stopped = false;
    const quietMs = opts.quietMs ?? 30_000;
    const owns = (p: number) => opts.partitions === undefined || opts.partitions.includes(p);
    const loop = async () => {
      let admin: Awaited<ReturnType<KafkaClient["admin"]>> | undefined;
      while (!stopped) {
        await sleep(500);
        if (stopped || batches.buffered()) continue;
        try {
          admin ??= await this.deps.kafka.admin();
          const offsets = (await admin.topicOffsets(this.stream.topic)).filter((o) => owns(o.partition));
          const states = await Promise.all(offsets.map((o) => batches.caughtUp(o.partition, o.low, o.high)));
          const caughtUp = states.every(Boolean);
          // Until the first assignment, allow for a slow first join (a loaded broker or Trino).
          const limit = batches.assigned ? quietMs : quietMs + 60_000;
          const quiet = this.now() - batches.lastActivity >= limit;
          if (caughtUp || quiet) {
            if (!caughtUp) this.deps.log("warn", `[${this.stream.name}] no progress for ${quietMs} ms; stopping although Kafka reports more offsets (transaction markers or an unassigned partition)`);
            onIdle();
            this.wake();
            break;
          }
        } catch (e) {
          this.deps.log("warn", `[${this.stream.name}] idle check failed (will retry): ${errorMessage(e)}`);
        }
      }
      await admin?.stop().catch(() => undefined);
    };
    void loop();
    return { stop: () => (stopped = true) };
  }
}
