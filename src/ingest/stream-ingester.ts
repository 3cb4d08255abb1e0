/**
 * One stream's ingestion loop: Kafka → decode → batch → bronze, exactly once.
 *
 * Positions come from bronze, never from Kafka: after every (re)join the first batch of each
 * partition triggers a progress read (`resume.ts`) and a seek to `covered + 1`; messages that
 * are already landed are skipped. Kafka offset commits after each batch are advisory (they
 * only make restarts cheaper). All state changes run through one `Serial`, so a timed flush,
 * a batch and a resume never interleave.
 */
import type { BatchContext, FetchedBatch, KafkaClient, StreamConsumer, TopicPartition } from "../adapters/kafka/types.js";
import { LakeformError, errorMessage } from "../common/errors.js";
import { createDecoder, type MessageDecoder } from "./avro/decoder.js";
import { Batcher, type BatchLimits, type Entry } from "./batcher.js";
import type { IngestLogger } from "./log.js";
import { M, type MetricsRegistry } from "./metrics.js";
import { renderBadPrefix, renderGoodPrefix } from "./render-row.js";
import { advance, disposition, NOTHING, type PartitionProgress } from "./resume.js";
import { backoffMs, sleep } from "./retry.js";
import { Serial } from "./serial.js";
import { BronzeSink, type SqlRunner } from "./sink.js";
import type { StreamDecl } from "./stream-decl.js";

/** Trino's default `query.max-length` is 1,000,000; keep a margin for the statement header. */
export const DEFAULT_MAX_SQL_CHARS = 950_000;

export interface IngesterDeps {
  readonly kafka: KafkaClient;
  readonly trino: SqlRunner;
  readonly log: IngestLogger;
  readonly metrics: MetricsRegistry;
  /** aborts in-flight Trino statements (the second SIGTERM); the batch is re-read on restart */
  readonly abort?: AbortSignal | undefined;
  readonly now?: () => number;
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

export class StreamIngester {
  private readonly stream: StreamDecl;
  private readonly deps: IngesterDeps;
  private readonly now: () => number;
  private readonly decoder: MessageDecoder;
  private readonly sink: BronzeSink;
  private readonly serial = new Serial();
  private batcher!: Batcher;
  private consumer: StreamConsumer | undefined;
  private progress = new Map<number, PartitionProgress>();
  private needsResume = true;
  private readonly seeked = new Set<number>();
  private readonly highWatermarks = new Map<number, bigint>();
  private assigned: TopicPartition[] = [];
  private fatal: unknown;
  private stopping = false;
  private lastActivity = 0;
  private readonly counts = { messages: 0, rows: 0, deadLetters: 0, skipped: 0, batches: 0 };
  private opts: IngestRunOptions = {};
  private wake: () => void = () => {};

  constructor(stream: StreamDecl, deps: IngesterDeps) {
    this.stream = stream;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.decoder = createDecoder(stream);
    const labels = { stream: stream.name };
    this.sink = new BronzeSink(stream, deps.trino, {
      signal: deps.abort,
      events: {
        onRetry: (what, attempt, e, waitMs) => {
          deps.metrics.inc(M.retries[0], M.retries[1], labels);
          deps.metrics.set(M.trinoUp[0], M.trinoUp[1], labels, 0);
          deps.log("warn", `[${stream.name}] ${what} failed (attempt ${attempt}), retrying in ${waitMs} ms; not advancing: ${errorMessage(e).split("\n")[0]}`);
        },
        onRecovered: (what) => {
          deps.metrics.set(M.trinoUp[0], M.trinoUp[1], labels, 1);
          deps.log("info", `[${stream.name}] ${what} succeeded after retrying`);
        },
      },
    });
  }

  private get labels() {
    return { stream: this.stream.name };
  }

  async run(opts: IngestRunOptions = {}): Promise<IngestSummary> {
    this.opts = opts;
    const s = this.stream;
    this.batcher = new Batcher({ ...s.batch, maxSqlChars: DEFAULT_MAX_SQL_CHARS, ...opts.limits }, this.now);
    await this.sink.ensureTables();
    this.progress = await this.sink.readProgress();
    this.needsResume = false;
    this.deps.metrics.set(M.trinoUp[0], M.trinoUp[1], this.labels, 1);
    this.deps.log("info", `[${s.name}] resuming ${s.topic} → ${s.target.catalog}.${s.target.schema}.${s.target.table} from ${this.describeProgress()}`);

    const consumer = this.deps.kafka.consumer({ groupId: s.consumerGroup });
    this.consumer = consumer;
    let reason: IngestSummary["reason"] = "stopped";
    const done = new Promise<void>((resolve) => (this.wake = resolve));
    const onStop = () => this.wake();
    opts.stop?.addEventListener("abort", onStop, { once: true });
    this.deps.abort?.addEventListener("abort", onStop, { once: true });
    this.lastActivity = this.now();
    await consumer.start([s.topic], {
      onAssigned: (parts) => void this.onAssigned(parts),
      onBatch: (batch, ctx) => this.onBatch(batch, ctx),
      onCrash: (e) => this.fail(new LakeformError("connection", `Kafka consumer for stream "${s.name}" crashed: ${e.message}`, { cause: e })),
    });
    const timer = setInterval(() => {
      if (this.batcher.isDue() && !this.fatal) void this.serial.run(() => this.flush()).catch((e) => this.fail(e));
    }, 100);
    const idle = opts.untilIdle ? this.watchIdle(() => (reason = "idle")) : undefined;
    try {
      await done;
      if (this.counts.messages >= (opts.maxMessages ?? Infinity)) reason = "max-messages";
    } finally {
      this.stopping = true;
      clearInterval(timer);
      idle?.stop();
      opts.stop?.removeEventListener("abort", onStop);
      this.deps.abort?.removeEventListener("abort", onStop);
      try {
        if (!this.fatal && !this.deps.abort?.aborted) await this.serial.run(() => this.flush());
      } finally {
        await consumer.stop().catch(() => undefined);
      }
    }
    if (this.fatal) throw this.fatal;
    return { stream: s.name, ...this.counts, reason };
  }

  private fail(e: unknown): void {
    if (this.fatal === undefined) this.fatal = e;
    this.stopping = true;
    this.wake();
  }

  private describeProgress(): string {
    if (this.progress.size === 0) return "the beginning (bronze is empty)";
    return [...this.progress].map(([p, g]) => `p${p}@${g.covered + 1n}`).join(" ");
  }

  private async onAssigned(parts: readonly TopicPartition[]): Promise<void> {
    await this.serial.run(async () => {
      // Buffered rows were not committed; after a rebalance they are re-read from bronze's position.
      this.batcher.clear();
      this.assigned = parts.filter((p) => p.topic === this.stream.topic);
      this.needsResume = true;
      this.seeked.clear();
      this.deps.log("info", `[${this.stream.name}] assigned partitions ${this.assigned.map((p) => p.partition).join(",") || "(none)"}`);
    });
  }

  private async onBatch(batch: FetchedBatch, ctx: BatchContext): Promise<void> {
    try {
      await this.serial.run(() => this.handleBatch(batch, ctx));
    } catch (e) {
      // Never let kafkajs retry a batch on its own: its offsets may already be resolved past
      // rows that are lost from memory. Stop; the restart resumes from bronze.
      this.fail(e);
    }
  }

  private async handleBatch(batch: FetchedBatch, ctx: BatchContext): Promise<void> {
    if (this.stopping || this.fatal) return;
    const p = batch.partition;
    if (this.needsResume) {
      this.progress = await this.sink.readProgress();
      this.needsResume = false;
    }
    const first = batch.messages[0]?.offset;
    if (first === undefined) return;
    const prog = this.progress.get(p) ?? NOTHING;
    if (!this.seeked.has(p)) {
      this.seeked.add(p);
      if (first !== prog.covered + 1n) {
        // kafkajs started from its committed offset; bronze decides where to read
        this.consumer?.seek(batch.topic, p, prog.covered + 1n);
        return;
      }
    }
    this.highWatermarks.set(p, batch.highWatermark);
    await this.prepareSchemas(batch, ctx);
    const limit = this.opts.maxMessages ?? Infinity;
    for (const m of batch.messages) {
      if (ctx.isStale() || this.stopping) break;
      if (this.counts.messages >= limit) {
        this.wake();
        break;
      }
      const r = this.decoder.decode(m.value);
      let entry: Entry | undefined;
      if (disposition(this.progress.get(p) ?? NOTHING, m.offset, r.ok) === "skip") {
        this.counts.skipped++;
        this.deps.metrics.inc(M.skipped[0], M.skipped[1], this.labels);
      } else {
        entry = this.toEntry(m, r);
      }
      if (entry) {
        if (!this.batcher.fits(entry)) await this.flush();
        this.batcher.add(entry);
        this.counts.messages++;
        this.deps.metrics.inc(M.messages[0], M.messages[1], this.labels);
      }
      ctx.resolveOffset(m.offset);
      if (this.batcher.isFull()) await this.flush();
    }
    this.lastActivity = this.now();
    if (this.counts.messages >= limit) this.wake();
  }

  private toEntry(m: FetchedBatch["messages"][number], r: ReturnType<MessageDecoder["decode"]>): Entry {
    const base = { partition: m.partition, offset: m.offset, bytes: (m.value?.length ?? 0) + (m.key?.length ?? 0), producedAtMs: m.timestampMs };
    let error: string;
    if (r.ok) {
      try {
        const prefix = renderGoodPrefix(this.stream.payloadColumns, r.record, m, r.schemaId, this.sink.rowFormat);
        if (prefix.length <= this.batcher.maxRowChars) return { ...base, good: true, prefix };
        error = `row renders to ${prefix.length} SQL chars, more than one Trino statement may hold (query.max-length)`;
      } catch (e) {
        error = `value cannot be written to bronze: ${errorMessage(e)}`;
      }
    } else {
      error = r.error;
    }
    return { ...base, good: false, prefix: renderBadPrefix(this.stream.name, m, error) };
  }

  /** Registry outages must not turn messages into dead letters: wait until it answers. */
  private async prepareSchemas(batch: FetchedBatch, ctx: BatchContext): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.decoder.prepare(batch.messages.map((m) => m.value));
        return;
      } catch (e) {
        if (this.stopping) throw e;
        const wait = backoffMs(attempt);
        this.deps.log("warn", `[${this.stream.name}] ${errorMessage(e)}; retrying in ${wait} ms`);
        await sleep(wait, this.deps.abort);
        await ctx.heartbeat().catch(() => undefined);
      }
    }
  }

  /** Writes the buffered batch (caller holds the serial lock). */
  private async flush(): Promise<void> {
    if (this.batcher.size === 0 || this.fatal) return;
    const batch = this.batcher.take();
    const t0 = this.now();
    const res = await this.sink.write(batch, this.highWatermarks);
    const committedAt = this.now();
    for (const [p, r] of res.partitions) this.progress.set(p, advance(this.progress.get(p) ?? NOTHING, r.end, r.deadMax));
    this.counts.rows += res.goodRows;
    this.counts.deadLetters += res.badRows;
    this.counts.batches++;
    const met = this.deps.metrics;
    met.inc(M.rows[0], M.rows[1], this.labels, res.goodRows);
    met.inc(M.dead[0], M.dead[1], this.labels, res.badRows);
    met.inc(M.batches[0], M.batches[1], this.labels);
    const secs = (committedAt - t0) / 1000;
    met.inc(M.batchSeconds[0], M.batchSeconds[1], this.labels, secs);
    met.set(M.lastBatchSeconds[0], M.lastBatchSeconds[1], this.labels, secs);
    const lags: string[] = [];
    let totalLag = 0n;
    for (const [p, r] of res.partitions) {
      const hw = this.highWatermarks.get(p);
      if (hw === undefined) continue;
      const lag = hw - r.end - 1n > 0n ? hw - r.end - 1n : 0n;
      totalLag += lag;
      lags.push(`p${p}:${lag}`);
      met.set(M.lag[0], M.lag[1], { ...this.labels, partition: String(p) }, Number(lag));
    }
    const rate = Math.round(batch.entries.length / Math.max(0.001, (committedAt - batch.startedAtMs) / 1000));
    this.deps.log(
      "info",
      `[${this.stream.name}] batch ${this.counts.batches}: ${res.goodRows} rows + ${res.badRows} dead letters in ${Math.round(secs * 1000)} ms (${rate} msg/s since first buffered), lag ${totalLag} (${lags.join(" ")})`,
      { stream: this.stream.name, rows: res.goodRows, deadLetters: res.badRows, ms: Math.round(secs * 1000), lag: Number(totalLag) },
    );
    this.opts.onCommitted?.(
      batch.entries.map((e) => e.producedAtMs),
      committedAt,
    );
    // Advisory: a restart would find the same position in bronze without it.
    await this.consumer
      ?.commit([...res.partitions].map(([p, r]) => ({ topic: this.stream.topic, partition: p, offset: r.end + 1n })))
      .catch((e: unknown) => this.deps.log("debug", `[${this.stream.name}] offset commit failed (advisory): ${errorMessage(e)}`));
  }

  private watchIdle(onIdle: () => void): { stop(): void } {
    let stopped = false;
    const quietMs = this.opts.quietMs ?? 30_000;
    const loop = async () => {
      let admin: Awaited<ReturnType<KafkaClient["admin"]>> | undefined;
      while (!stopped) {
        await sleep(500);
        if (stopped || this.batcher.size > 0) continue;
        try {
          admin ??= await this.deps.kafka.admin();
          const offsets = await admin.topicOffsets(this.stream.topic);
          const caughtUp = await this.serial.run(async () => {
            if (this.needsResume) {
              // rebalanced and no batch arrived since: read where bronze is
              this.progress = await this.sink.readProgress();
              this.needsResume = false;
            }
            return this.batcher.size === 0 && offsets.every((o) => o.high <= o.low || (this.progress.get(o.partition) ?? NOTHING).covered + 1n >= o.high);
          });
          const quiet = this.now() - this.lastActivity >= quietMs;
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
