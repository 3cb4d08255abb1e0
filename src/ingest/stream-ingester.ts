/**
 * One stream's ingestion loop: Kafka → decode → batch → bronze, exactly once.
 *
 * Positions come from bronze, never from Kafka: after every (re)join the first batch of each
 * partition triggers a progress read (`resume.ts`) and a seek to `covered + 1`; messages that
 * are already landed are skipped. Kafka offset commits after each batch are advisory (they
 * only make restarts cheaper). Each partition has a lane (`partition-lane.ts`) whose state
 * changes run through its own `Serial`, so a timed flush, a batch and a resume of one
 * partition never interleave, while partitions write concurrently.
 */
import type { BatchContext, FetchedBatch, KafkaClient, StreamConsumer, TopicPartition } from "../adapters/kafka/types.js";
import { LakeformError, errorMessage } from "../common/errors.js";
import { createDecoder, type MessageDecoder } from "./avro/decoder.js";
import { JSON_ROW_OVERHEAD_CHARS, ROW_OVERHEAD_CHARS, type BatchLimits, type Entry } from "./batcher.js";
import type { IngestLogger } from "./log.js";
import type { IngestMetrics } from "./metrics.js";
import { renderBadPrefix, renderGoodPrefix } from "./render-row.js";
import { advance, disposition, NOTHING, type PartitionProgress } from "./resume.js";
import { backoffMs, sleep } from "./retry.js";
import { PartitionLane } from "./partition-lane.js";
import { BronzeSink, type SqlRunner } from "./sink.js";
import type { ObjectStore } from "../adapters/s3/object-store.js";
import type { StreamDecl } from "./stream-decl.js";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { describeConflict, encodeOwner, findConflicts, pidAlive, type Owner } from "./ownership/partition-claim.js";
import { fenceOrphans, writeTag } from "./ownership/orphan-fence.js";
import { formatPartitions } from "./ownership/partition-set.js";
import { tableName } from "./sql/table-ref.js";
import { guardTrino } from "./guard/guarded-trino.js";
import { DEFAULT_CALL_LIMITS, duration, type CallLimits } from "./guard/slow-call.js";

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

export class StreamIngester {
  private readonly stream: StreamDecl;
  private readonly deps: IngesterDeps;
  private readonly now: () => number;
  private readonly decoder: MessageDecoder;
  private readonly sink: BronzeSink;
  /** deps.trino with timeouts and slow-call warnings (guard/guarded-trino.ts) */
  private readonly trino: SqlRunner;
  private limits!: BatchLimits;
  private readonly lanes = new Map<number, PartitionLane>();
  private consumer: StreamConsumer | undefined;
  private fatal: unknown;
  private stopping = false;
  private lastActivity = 0;
  /** Set at the first partition assignment; before it, joining the group may legitimately wait. */
  private assigned = false;
  private readonly counts = { messages: 0, rows: 0, deadLetters: 0, skipped: 0, batches: 0 };
  private opts: IngestRunOptions = {};
  private wake: () => void = () => {};
  /** published with this process's Kafka membership; its `instance` tags every write */
  private readonly owner: Owner;

  /** The group prefix of every direct consumer of this stream (their ids end in the instance). */
  private get groupPrefix(): string {
    return `${this.stream.consumerGroup}.direct.`;
  }

  private owns(partition: number): boolean {
    return this.opts.partitions === undefined || this.opts.partitions.includes(partition);
  }

  constructor(stream: StreamDecl, deps: IngesterDeps) {
    this.stream = stream;
    this.deps = deps;
    this.now = deps.now ?? Date.now;
    this.decoder = createDecoder(stream);
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

  private get labels() {
    return { stream: this.stream.name };
  }

  private lane(partition: number): PartitionLane {
    let l = this.lanes.get(partition);
    if (!l) {
      l = new PartitionLane(partition, this.limits, this.now);
      this.lanes.set(partition, l);
    }
    return l;
  }

  /** Reads bronze's position for one lane (caller holds the lane's serial). */
  private async resume(l: PartitionLane): Promise<void> {
    const all = await this.sink.readProgress();
    l.progress = all.get(l.partition) ?? NOTHING;
    l.needsResume = false;
    l.positioned = false;
  }

  async run(opts: IngestRunOptions = {}): Promise<IngestSummary> {
    this.opts = opts;
    const s = this.stream;
    const goodRowOverheadChars = this.sink.rowFormat === "json" ? JSON_ROW_OVERHEAD_CHARS : ROW_OVERHEAD_CHARS;
    this.limits = { ...s.batch, maxSqlChars: DEFAULT_MAX_SQL_CHARS, goodRowOverheadChars, ...opts.limits };
    if (opts.partitions) await this.checkPartitionsExist(opts.partitions);
    await this.sink.ensureTables();
    this.deps.metrics.trinoUp.set(this.labels, 1);
    // Bronze's position is read at each assignment, after the claim check and the orphan fence
    // (an orphaned write may still commit before that), so not here: a restart reads it once.
    const which = opts.partitions ? ` partitions ${formatPartitions(opts.partitions)}` : "";
    this.deps.log("info", `[${s.name}] starting ${s.topic}${which} → ${s.target.catalog}.${s.target.schema}.${s.target.table}`);

    const consumer = this.deps.kafka.consumer({
      groupId: `${this.groupPrefix}${this.owner.instance}`,
      direct: { partitions: opts.partitions, owner: encodeOwner(this.owner) },
    });
    this.consumer = consumer;
    let reason: IngestSummary["reason"] = "stopped";
    const done = new Promise<void>((resolve) => (this.wake = resolve));
    const onStop = () => this.wake();
    opts.stop?.addEventListener("abort", onStop, { once: true });
    this.deps.abort?.addEventListener("abort", onStop, { once: true });
    // A SIGTERM during start-up (tables, Kafka join) came before these listeners: honour it.
    if (opts.stop?.aborted || this.deps.abort?.aborted) this.wake();
    this.lastActivity = this.now();
    await consumer.start([s.topic], {
      onAssigned: (parts) => void this.onAssigned(parts),
      onBatch: (batch, ctx) => this.onBatch(batch, ctx),
      onCrash: (e) => this.fail(new LakeformError("connection", `Kafka consumer for stream "${s.name}" crashed: ${e.message}`, { cause: e })),
    });
    const timer = setInterval(() => {
      if (this.fatal) return;
      for (const l of this.lanes.values()) {
        if (l.batcher.isDue()) void l.serial.run(() => this.flush(l)).catch((e) => this.fail(e));
      }
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
        if (!this.fatal && !this.deps.abort?.aborted) {
          await Promise.all([...this.lanes.values()].map((l) => l.serial.run(() => this.flush(l)).catch((e: unknown) => this.fail(e))));
        }
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
    const known = [...this.lanes.values()].filter((l) => !l.needsResume && (l.progress.covered >= 0n || l.progress.deadMax >= 0n));
    if (known.length === 0) return "the beginning (bronze is empty)";
    return known.map((l) => `p${l.partition}@${l.progress.covered + 1n}`).join(" ");
  }

  private async checkPartitionsExist(wanted: readonly number[]): Promise<void> {
    const admin = await this.deps.kafka.admin();
    try {
      const have = (await admin.topicOffsets(this.stream.topic)).map((o) => o.partition);
      const missing = wanted.filter((p) => !have.includes(p));
      if (missing.length) {
        throw new LakeformError("usage", `stream "${this.stream.name}": topic ${this.stream.topic} has no partition ${formatPartitions(missing)} (it has ${formatPartitions(have)})`, {
          hint: "fix --partitions",
        });
      }
    } finally {
      await admin.stop().catch(() => undefined);
    }
  }

  /**
   * Before a (re)assigned partition is read: refuse it if another live process reads it, then
   * end the writes a crashed predecessor left running in Trino (both explained in ownership/).
   */
  private async takeOver(partitions: readonly number[]): Promise<void> {
    if (partitions.length === 0) return;
    const admin = await this.deps.kafka.admin();

    try {
      const readers = await admin.partitionReaders(this.stream.topic, this.groupPrefix);
      const conflicts = findConflicts(this.owner, `${this.groupPrefix}${this.owner.instance}`, partitions, readers, pidAlive);
      if (conflicts.length) {
        throw new LakeformError("usage", `stream "${this.stream.name}": ${conflicts.map((c) => describeConflict(this.stream.topic, c)).join("; ")}`, {
          hint: "give each ingester of a stream its own partitions (--partitions); a crashed owner on another host is forgotten after its 15 s Kafka session",
        });
      }
    } finally {
      await admin.stop().catch(() => undefined);
    }
    await fenceOrphans(this.trino, { table: tableName(this.stream.target), partitions, instance: this.owner.instance, log: this.deps.log, label: this.stream.name, signal: this.deps.abort });
  }

  /** Bronze's position of every partition, read once for a whole assignment (undefined: read per lane later). */
  private async progressAfter(takeover: Promise<void>): Promise<Map<number, PartitionProgress> | undefined> {
    await takeover;
    try {
      return await this.sink.readProgress();
    } catch (e) {
      this.deps.log("warn", `[${this.stream.name}] could not read bronze's position at assignment (read again at each partition's first batch): ${errorMessage(e).split("\n")[0]}`);
      return undefined;
    }
  }

  private async onAssigned(parts: readonly TopicPartition[]): Promise<void> {
    const mine = parts.filter((p) => p.topic === this.stream.topic);
    this.deps.log("info", `[${this.stream.name}] assigned partitions ${formatPartitions(mine.map((p) => p.partition))}`);
    if (mine.length > 0) {
      this.assigned = true;
      this.lastActivity = this.now();
    }
    const all = new Set([...this.lanes.keys(), ...mine.map((p) => p.partition)]);
    const assigned = new Set(mine.map((p) => p.partition));
    // Started before the lanes' jobs are queued, awaited inside them: no batch of an assigned
    // partition is handled before the claim is checked and orphans are fenced.
    const takeover = this.takeOver([...assigned]);
    takeover.catch((e: unknown) => this.fail(e));
    // One read for the whole assignment; a lane whose flush commits after this point reads again.
    const commitsBefore = new Map([...assigned].map((p) => [p, this.lane(p).commits]));
    const positions = this.progressAfter(takeover);
    await Promise.all(
      [...all].map((p) => {
        const l = this.lane(p);
        return l.serial.run(async () => {
          // Buffered rows were not committed; after a rebalance they are re-read from bronze's position.
          l.batcher.clear();
          l.needsResume = true;
          l.positioned = false;
          if (!assigned.has(p)) return;
          // a failed takeover has already stopped the ingester (fail())
          if (!(await takeover.then(() => true, () => false)) || this.stopping) return;
          // Seek to bronze's position now, before any fetch (inside the lane's serial, so no flush
          // moves bronze meanwhile). It matters when the group's committed offset is ahead of
          // bronze (bronze dropped and rebuilt, another bronze fed from the same topic): kafkajs
          // would start there, deliver nothing, and the lane would never get a batch to seek on.
          // The first batch is still checked against the position (it may predate the seek).
          try {
            const shared = await positions;
            if (shared && l.commits === commitsBefore.get(p)) {
              Object.assign(l, { progress: shared.get(p) ?? NOTHING, needsResume: false, positioned: false });
            } else {
              await this.resume(l);
            }
            this.consumer?.seek(this.stream.topic, p, l.progress.covered + 1n);
          } catch (e) {
            this.deps.log("warn", `[${this.stream.name}] could not read bronze's position for partition ${p} at assignment (read again at its first batch): ${errorMessage(e).split("\n")[0]}`);
          }
        });
      }),
    );
    if (assigned.size > 0 && !this.fatal) this.deps.log("info", `[${this.stream.name}] resuming from ${this.describeProgress()}`);
  }

  private async onBatch(batch: FetchedBatch, ctx: BatchContext): Promise<void> {
    // kafkajs heartbeats only between batches: while this one waits for its lane or a slow
    // commit, keep the membership alive, or the session expires, the group rebalances and every
    // buffered row is dropped and re-read (seen with 15–20 s commits on a loaded Trino).
    const heartbeat = setInterval(() => void ctx.heartbeat().catch(() => undefined), 1_000);
    try {
      const l = this.lane(batch.partition);
      await l.serial.run(() => this.handleBatch(l, batch, ctx));
    } catch (e) {
      // Never let kafkajs retry a batch on its own: its offsets may already be resolved past
      // rows that are lost from memory. Stop; the restart resumes from bronze.
      this.fail(e);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async handleBatch(l: PartitionLane, batch: FetchedBatch, ctx: BatchContext): Promise<void> {
    if (this.stopping || this.fatal) return;
    if (l.needsResume) await this.resume(l);
    const first = batch.messages[0]?.offset;
    if (first === undefined) return;
    if (!l.positioned) {
      l.positioned = true;
      if (first !== l.progress.covered + 1n) {
        // kafkajs started from its committed offset; bronze decides where to read
        this.consumer?.seek(batch.topic, l.partition, l.progress.covered + 1n);
        return;
      }
    }
    l.highWatermark = batch.highWatermark;
    await this.prepareSchemas(batch, ctx);
    const limit = this.opts.maxMessages ?? Infinity;
    for (const m of batch.messages) {
      if (ctx.isStale() || this.stopping) break;
      if (this.counts.messages >= limit) {
        this.wake();
        break;
      }
      const r = this.decoder.decode(m.value);
      if (disposition(l.progress, m.offset, r.ok) === "skip") {
        this.counts.skipped++;
        this.deps.metrics.skipped.inc(this.labels);
      } else {
        const entry = this.toEntry(m, r);
        if (!l.batcher.fits(entry)) await this.flush(l);
        l.batcher.add(entry);
        this.counts.messages++;
        this.deps.metrics.messages.inc(this.labels);
        if (r.ok && r.utf8Replacements) this.deps.metrics.utf8Replacements.inc(this.labels, r.utf8Replacements);
      }
      ctx.resolveOffset(m.offset);
      if (l.batcher.isFull()) await this.flush(l);
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
        if (prefix.length <= this.lane(m.partition).batcher.maxRowChars) return { ...base, good: true, prefix };
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

  /** Writes the lane's buffered batch (caller holds the lane's serial). */
  private async flush(l: PartitionLane): Promise<void> {
    if (l.batcher.size === 0 || this.fatal) return;
    const batch = l.batcher.take();
    const t0 = this.now();
    const hw = new Map<number, bigint>(l.highWatermark === undefined ? [] : [[l.partition, l.highWatermark]]);
    const res = await this.sink.write(batch, hw, writeTag(tableName(this.stream.target), l.partition, this.owner.instance));
    const committedAt = this.now();
    l.commits++;
    const r = res.partitions.get(l.partition);
    if (r) l.progress = advance(l.progress, r.end, r.deadMax);
    this.counts.rows += res.goodRows;
    this.counts.deadLetters += res.badRows;
    this.counts.batches++;
    const met = this.deps.metrics;
    met.rows.inc(this.labels, res.goodRows);
    met.deadLetters.inc(this.labels, res.badRows);
    met.batches.inc(this.labels);
    const secs = (committedAt - t0) / 1000;
    met.batchCommitSeconds.observe(this.labels, secs);
    const lag = r && l.highWatermark !== undefined && l.highWatermark - r.end - 1n > 0n ? l.highWatermark - r.end - 1n : 0n;
    met.lag.set({ ...this.labels, partition: String(l.partition) }, Number(lag));
    const rate = Math.round(batch.entries.length / Math.max(0.001, (committedAt - batch.startedAtMs) / 1000));
    this.deps.log(
      "info",
      `[${this.stream.name}] p${l.partition} batch ${this.counts.batches}: ${res.goodRows} rows + ${res.badRows} dead letters in ${Math.round(secs * 1000)} ms (${rate} msg/s since first buffered), lag ${lag}`,
      { stream: this.stream.name, partition: l.partition, rows: res.goodRows, deadLetters: res.badRows, ms: Math.round(secs * 1000), lag: Number(lag) },
    );
    this.opts.onCommitted?.(
      batch.entries.map((e) => e.producedAtMs),
      committedAt,
    );
    // Advisory: a restart would find the same position in bronze without it.
    if (r) {
      await this.consumer
        ?.commit([{ topic: this.stream.topic, partition: l.partition, offset: r.end + 1n }])
        .catch((e: unknown) => this.deps.log("debug", `[${this.stream.name}] offset commit failed (advisory): ${errorMessage(e)}`));
    }
  }

  private watchIdle(onIdle: () => void): { stop(): void } {
    let stopped = false;
    const quietMs = this.opts.quietMs ?? 30_000;
    const buffered = () => [...this.lanes.values()].some((l) => l.batcher.size > 0);
    const loop = async () => {
      let admin: Awaited<ReturnType<KafkaClient["admin"]>> | undefined;
      while (!stopped) {
        await sleep(500);
        if (stopped || buffered()) continue;
        try {
          admin ??= await this.deps.kafka.admin();
          const offsets = (await admin.topicOffsets(this.stream.topic)).filter((o) => this.owns(o.partition));
          const states = await Promise.all(
            offsets.map((o) => {
              const l = this.lane(o.partition);
              return l.serial.run(async () => {
                // rebalanced and no batch arrived since: read where bronze is
                if (l.needsResume) await this.resume(l);
                return l.batcher.size === 0 && (o.high <= o.low || l.progress.covered + 1n >= o.high);
              });
            }),
          );
          const caughtUp = states.every(Boolean);
          // Until the first assignment, allow for the group coordinator waiting out a crashed
          // previous member's session (kafkajs default 30 s) before it hands out partitions.
          const limit = this.assigned ? quietMs : quietMs + 60_000;
          const quiet = this.now() - this.lastActivity >= limit;
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
