/**
 * Partition handling of one stream's ingester: each assigned partition has a lane
 * (`partition-lane.ts`); an assignment takes the partitions over (`partition-takeover.ts`) and
 * positions every lane at bronze's position; each Kafka batch is decoded, checked against that
 * position (re-read messages are skipped), buffered, and flushed to bronze through the sink.
 * The lifecycle around it (start, stop, idle detection) is `stream-ingester.ts`.
 */
import type { BatchContext, FetchedBatch, StreamConsumer, TopicPartition } from "../adapters/kafka/types.js";
import { errorMessage } from "../common/errors.js";
import type { MessageDecoder } from "./avro/decoder.js";
import type { BatchLimits, Entry } from "./batcher.js";
import type { IngestRunOptions, IngesterDeps } from "./ingester-options.js";
import { writeTag } from "./ownership/orphan-fence.js";
import { formatPartitions } from "./ownership/partition-set.js";
import { PartitionLane } from "./partition-lane.js";
import { takeOver, type TakeoverContext } from "./partition-takeover.js";
import { renderBadPrefix, renderGoodPrefix } from "./render-row.js";
import { advance, disposition, NOTHING, type PartitionProgress } from "./resume.js";
import { backoffMs, sleep } from "./retry.js";
import type { BronzeSink } from "./sink.js";
import { tableName } from "./sql/table-ref.js";
import type { StreamDecl } from "./stream-decl.js";

/** What partition handling needs from the ingester's lifecycle. */
export interface BatchHost {
  readonly stopping: boolean;
  readonly fatal: unknown;
  fail(e: unknown): void;
  /** ends the run (stop requested, max messages reached, idle) */
  wake(): void;
}

export class PartitionBatches {
  readonly lanes = new Map<number, PartitionLane>();
  readonly counts = { messages: 0, rows: 0, deadLetters: 0, skipped: 0, batches: 0 };
  consumer: StreamConsumer | undefined;
  lastActivity = 0;
  /** Set at the first partition assignment; before it, joining the group may legitimately wait. */
  assigned = false;
  private readonly stream: StreamDecl;
  private readonly deps: Pick<IngesterDeps, "log" | "metrics" | "abort">;
  private readonly sink: BronzeSink;
  private readonly decoder: MessageDecoder;
  private readonly takeover: TakeoverContext;
  private readonly host: BatchHost;
  private readonly now: () => number;
  private readonly limits: BatchLimits;
  private readonly opts: IngestRunOptions;

  constructor(
    c: {
      stream: StreamDecl;
      deps: Pick<IngesterDeps, "log" | "metrics" | "abort">;
      sink: BronzeSink;
      decoder: MessageDecoder;
      takeover: TakeoverContext;
      host: BatchHost;
      now: () => number;
      limits: BatchLimits;
      opts: IngestRunOptions;
    },
  ) {
    this.stream = c.stream;
    this.deps = c.deps;
    this.sink = c.sink;
    this.decoder = c.decoder;
    this.takeover = c.takeover;
    this.host = c.host;
    this.now = c.now;
    this.limits = c.limits;
    this.opts = c.opts;
  }

  private get labels() {
    return { stream: this.stream.name };
  }

  /** The timer's job: flush every lane whose batch is full or old enough. */
  flushDue(): void {
    if (this.host.fatal) return;
    for (const l of this.lanes.values()) {
      if (l.batcher.isDue()) void l.serial.run(() => this.flush(l)).catch((e: unknown) => this.host.fail(e));
    }
  }

  /** At a graceful stop: flush what every lane buffered. */
  async flushAll(): Promise<void> {
    await Promise.all([...this.lanes.values()].map((l) => l.serial.run(() => this.flush(l)).catch((e: unknown) => this.host.fail(e))));
  }

  buffered(): boolean {
    return [...this.lanes.values()].some((l) => l.batcher.size > 0);
  }

  /** Whether a partition holds nothing that is not in bronze yet (`low`/`high` from Kafka). */
  async caughtUp(partition: number, low: bigint, high: bigint): Promise<boolean> {
    const l = this.lane(partition);
    return l.serial.run(async () => {
      // rebalanced and no batch arrived since: read where bronze is
      if (l.needsResume) await this.resume(l);
      return l.batcher.size === 0 && (high <= low || l.progress.covered + 1n >= high);
    });
  }

  lane(partition: number): PartitionLane {
    let l = this.lanes.get(partition);
    if (!l) {
      l = new PartitionLane(partition, this.limits, this.now);
      this.lanes.set(partition, l);
    }
    return l;
  }

  /** Reads bronze's position for one lane (caller holds the lane's serial). */
  async resume(l: PartitionLane): Promise<void> {
    const all = await this.sink.readProgress();
    l.progress = all.get(l.partition) ?? NOTHING;
    l.needsResume = false;
    l.positioned = false;
  }

  describeProgress(): string {
    const known = [...this.lanes.values()].filter((l) => !l.needsResume && (l.progress.covered >= 0n || l.progress.deadMax >= 0n));
    if (known.length === 0) return "the beginning (bronze is empty)";
    return known.map((l) => `p${l.partition}@${l.progress.covered + 1n}`).join(" ");
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

  async onAssigned(parts: readonly TopicPartition[]): Promise<void> {
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
    const takeover = takeOver(this.takeover, [...assigned]);
    takeover.catch((e: unknown) => this.host.fail(e));
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
          if (!(await takeover.then(() => true, () => false)) || this.host.stopping) return;
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
    if (assigned.size > 0 && !this.host.fatal) this.deps.log("info", `[${this.stream.name}] resuming from ${this.describeProgress()}`);
  }

  async onBatch(batch: FetchedBatch, ctx: BatchContext): Promise<void> {
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
      this.host.fail(e);
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async handleBatch(l: PartitionLane, batch: FetchedBatch, ctx: BatchContext): Promise<void> {
    if (this.host.stopping || this.host.fatal) return;
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
      if (ctx.isStale() || this.host.stopping) break;
      if (this.counts.messages >= limit) {
        this.host.wake();
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
    if (this.counts.messages >= limit) this.host.wake();
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
        if (this.host.stopping) throw e;
        const wait = backoffMs(attempt);
        this.deps.log("warn", `[${this.stream.name}] ${errorMessage(e)}; retrying in ${wait} ms`);
        await sleep(wait, this.deps.abort);
        await ctx.heartbeat().catch(() => undefined);
      }
    }
  }

  /** Writes the lane's buffered batch (caller holds the lane's serial). */
  async flush(l: PartitionLane): Promise<void> {
    if (l.batcher.size === 0 || this.host.fatal) return;
    const batch = l.batcher.take();
    const t0 = this.now();
    const hw = new Map<number, bigint>(l.highWatermark === undefined ? [] : [[l.partition, l.highWatermark]]);
    const res = await this.sink.write(batch, hw, writeTag(tableName(this.stream.target), l.partition, this.takeover.owner.instance));
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
}
