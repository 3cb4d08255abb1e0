/**
 * One file landing's ingestion: list the prefix, land every object version not yet done, exactly
 * once (progress.ts), streaming each object through its reader. Runs until stopped, or — with
 * `untilIdle` — until a listing finds nothing left to land.
 */
import { LakeformError, errorMessage } from "../../common/errors.js";
import { S3Bucket, type ObjectInfo, type S3Endpoint } from "../../adapters/s3/bucket-client.js";
import { AvroTimestamp } from "../avro/timestamp.js";
import { guardTrino } from "../guard/guarded-trino.js";
import { DEFAULT_CALL_LIMITS, type CallLimits } from "../guard/slow-call.js";
import { Retrier } from "../idempotent-insert.js";
import type { IngestSummary } from "../ingester-options.js";
import type { IngestLogger } from "../log.js";
import type { IngestMetrics } from "../metrics.js";
import { sleep } from "../retry.js";
import { renderJson, sqlEscape } from "../sql/json-rows.js";
import type { SqlRunner } from "../sql-runner.js";
import { csvRecordChunks } from "./csv-records.js";
import { FileTables } from "./file-tables.js";
import { fileBronzeColumns, fileBronzeInsertSql, fileDeadLetterInsertSql, type BatchFile, type DeadRow } from "./file-sql.js";
import type { FileStreamDecl } from "./file-stream-decl.js";
import { jsonlRecordChunks } from "./jsonl-records.js";
import { parquetLandable, type ColumnBuilder } from "./parquet-columns.js";
import { AddFilesDisabled, ParquetLanding } from "./parquet-landing.js";
import { parquetRecordChunks } from "./parquet-records.js";
import { ParquetEncoder } from "../parquet/encoder.js";
import { fileKey, NOTHING, shouldLand, type FileProgress } from "./progress.js";
import { isBad, type FileRecord } from "./records.js";
import { requiredCheck } from "./required.js";

export interface FileIngesterDeps {
  readonly trino: SqlRunner;
  readonly s3: S3Endpoint;
  readonly log: IngestLogger;
  readonly metrics?: IngestMetrics | undefined;
  readonly abort?: AbortSignal | undefined;
  readonly callLimits?: Partial<CallLimits> | undefined;
  readonly now?: () => number;
}

export interface FileRunOptions {
  readonly untilIdle?: boolean | undefined;
  readonly stop?: AbortSignal | undefined;
  /** how often to list the prefix again when running until stopped (default 10 s) */
  readonly pollMs?: number | undefined;
  /** statement size limit (default 900,000 chars, under Trino's query.max-length) */
  readonly maxSqlChars?: number | undefined;
}

export interface FileSummary extends IngestSummary {
  readonly files: number;
}

interface Batch {
  /** SQL path: each good row as SQL-escaped JSON */
  goods: string[];
  /** Parquet path: the good rows, as the columns of the batch's file (until it is encoded) */
  cols: ColumnBuilder | undefined;
  goodChars: number;
  dead: DeadRow[];
  deadChars: number;
  endLine: number;
}

const newBatch = (): Batch => ({ goods: [], cols: undefined, goodChars: 0, dead: [], deadChars: 0, endLine: 0 });
const goodCount = (b: Batch) => b.goods.length + (b.cols?.rows ?? 0);
/**
 * batches read but not yet committed, at most (each holds its rows until encoded, then its file's
 * bytes, ~1.5 MB per 100k rows): room for the reader to go on while a full group commits
 */
const MAX_QUEUED = 20;
/**
 * batches one commit gathers when the reader is faster than commits (Parquet path) … Each
 * `add_files` commit costs Trino ~0.2 s of CPU whatever it carries, on the cores the ingester
 * uses too: on 10M bench:files rows (100 batches, runs interleaved with groups of 4) Trino used
 * 2.2–3.4 s of CPU instead of 3.9–5.4 s, and the landing took 23.3–26.0 s instead of 25.0–30.0 s.
 */
const GROUP_BATCHES = 16;
/** … but the oldest waits no longer than this for the others */
const GROUP_WAIT_MS = 3_000;

export class FileIngester {
  private readonly s: FileStreamDecl;
  private readonly deps: FileIngesterDeps;
  private readonly trino: SqlRunner;
  private readonly retrier: Retrier;
  private readonly tables: FileTables;
  private readonly bucket: S3Bucket;
  private readonly required: (values: readonly unknown[]) => string | undefined;
  /** the Parquet path into bronze, when its columns allow it (else, or once refused, SQL inserts) */
  private parquet: ParquetLanding | undefined;
  private readonly encoder = new ParquetEncoder();
  private counts = { messages: 0, rows: 0, deadLetters: 0, skipped: 0, batches: 0, files: 0 };

  constructor(stream: FileStreamDecl, deps: FileIngesterDeps) {
    this.s = stream;
    this.deps = deps;
    const limits: CallLimits = { ...DEFAULT_CALL_LIMITS, ...deps.callLimits };
    this.trino = guardTrino(deps.trino, { limits, log: deps.log, label: stream.name });
    const labels = { stream: stream.name };
    this.retrier = new Retrier(this.trino, deps.abort, {
      onRetry: (what, attempt, e, waitMs) => {
        deps.metrics?.retries.inc({ ...labels, call: "trino" });
        deps.log("warn", `[${stream.name}] ${what} failed (attempt ${attempt}), retrying in ${waitMs} ms: ${errorMessage(e).split("\n")[0]}`);
      },
      onRecovered: (what) => deps.log("info", `[${stream.name}] ${what} succeeded after retrying`),
    });
    this.tables = new FileTables(stream, this.trino, this.retrier);
    this.bucket = new S3Bucket(deps.s3, stream.bucket);
    this.required = requiredCheck(stream.payloadColumns, stream.required);
    const why = process.env["LAKEFORM_FILE_SINK"] === "sql" ? "LAKEFORM_FILE_SINK=sql" : parquetLandable(fileBronzeColumns(stream));
    if (why) deps.log("info", `[${stream.name}] bronze rows go in through SQL inserts: ${why}`);
    else this.parquet = new ParquetLanding(stream, this.trino, this.retrier, deps.s3, this.encoder);
  }

  async run(opts: FileRunOptions = {}): Promise<FileSummary> {
    const s = this.s;
    await this.tables.ensure();
    this.deps.log("info", `[${s.name}] landing ${s.location} (${s.encoding}) → ${s.target.catalog}.${s.target.schema}.${s.target.table}`);
    let reason: IngestSummary["reason"] = "stopped";
    const stopped = () => opts.stop?.aborted === true || this.deps.abort?.aborted === true;
    // Object versions this run landed to the end: a later poll does not read the tables' progress
    // for them again (that read scans bronze and grows with it). Only when an object not in this
    // set is listed (or objects are archived) is the progress read.
    const landedHere = new Set<string>();
    while (!stopped()) {
      const listed = (await this.listObjects()).filter((o) => !landedHere.has(fileKey(this.bucket.uri(o.key), o.etag)));
      const progress = listed.length || s.archive ? await this.tables.readProgress() : new Map<string, FileProgress>();
      const todo = listed.filter((o) => !(progress.get(fileKey(this.bucket.uri(o.key), o.etag)) ?? NOTHING).done);
      for (const o of todo) {
        if (stopped()) break;
        try {
          await this.land(o, progress.get(fileKey(this.bucket.uri(o.key), o.etag)) ?? NOTHING, opts);
          if (!stopped()) landedHere.add(fileKey(this.bucket.uri(o.key), o.etag));
        } catch (e) {
          if (!(e instanceof AddFilesDisabled)) throw e;
          // Nothing of the refused batch is in bronze: land the object again from its progress.
          this.deps.log("warn", `[${s.name}] ${e.message}: landing through SQL inserts instead (enable iceberg.add-files-procedure.enabled for the faster Parquet path)`);
          this.parquet = undefined;
          const now = (await this.tables.readProgress()).get(fileKey(this.bucket.uri(o.key), o.etag)) ?? NOTHING;
          await this.land(o, now, opts);
          if (!stopped()) landedHere.add(fileKey(this.bucket.uri(o.key), o.etag));
        }
      }
      if (s.archive) await this.archiveDone(progress);
      if (todo.length === 0 && opts.untilIdle) {
        reason = "idle";
        break;
      }
      if (todo.length === 0) await sleep(opts.pollMs ?? 10_000, opts.stop).catch(() => undefined);
    }
    // (an idle encoder thread never holds the process; on an error it is simply left idle)
    await this.encoder.close();
    const { files, ...rest } = this.counts;
    return { stream: s.name, ...rest, files, reason };
  }

  private async listObjects(): Promise<ObjectInfo[]> {
    const all = await this.retrier.retrying(`list ${this.s.location}`, () => this.bucket.list(this.s.prefix, this.deps.abort));
    return all.filter((o) => !o.key.endsWith("/") && (!this.s.pattern || this.s.pattern.test(o.key.slice(this.s.prefix.length))));
  }

  /** The object's records in line order, in chunks (one chunk per read of the body or row group). */
  private records(o: ObjectInfo, p: FileProgress): AsyncGenerator<FileRecord[]> {
    const s = this.s;
    if (s.encoding === "parquet") {
      const file = { byteLength: o.size, slice: (start: number, end?: number) => this.bucket.getRange(o.key, start, end ?? o.size, this.deps.abort) };
      return parquetRecordChunks(file, s.payloadColumns, p.covered, s.defaults, s.contract);
    }
    const body = this.bucket.readAll(o.key, o.etag, this.deps.abort);
    if (s.encoding === "jsonl") return jsonlRecordChunks(body, s.payloadColumns, s.defaults, s.contract);
    if (!s.csv) throw new LakeformError("config", `stream "${s.name}" has no CSV options`);
    return csvRecordChunks(body, s.csv, s.payloadColumns, s.defaults, s.contract);
  }

  /** Lands one object version from where its progress says, batch by batch. */
  private async land(o: ObjectInfo, p: FileProgress, opts: FileRunOptions): Promise<void> {
    const s = this.s;
    const uri = this.bucket.uri(o.key);
    const maxChars = opts.maxSqlChars ?? 900_000;
    const labels = { stream: s.name };
    this.deps.log("info", `[${s.name}] ${p.covered > 0 ? `resuming ${uri} after line ${p.covered}` : `reading ${uri}`} (${o.size} bytes)`);
    let batch = newBatch();
    let seen = 0;
    let lastLine = p.covered;
    // Batches commit one group at a time and in line order, which is what the progress
    // bookkeeping rests on. On the Parquet path a batch is encoded (encoder thread) while the
    // reader goes on, and consecutive batches that all hold good rows commit together (one
    // add_files; see GROUP_BATCHES). At most MAX_QUEUED batches wait.
    interface Queued {
      readonly b: Batch;
      readonly f: BatchFile;
      readonly good: number;
      readonly bytes: Promise<Uint8Array> | undefined;
      readonly queuedAt: number;
    }
    const queue: Queued[] = [];
    let committing: Promise<void> | undefined;
    let failed: { readonly e: unknown } | undefined;
    let wake: (() => void) | undefined;
    /** resolves the commit loop's wait for more batches (a flush, or the end of the object) */
    let arrived: (() => void) | undefined;
    let draining = false;
    const commitAll = async () => {
      while (queue.length) {
        const first = queue[0]!;
        if (first.bytes) {
          // Each commit costs Trino about the same whatever it carries: gather up to GROUP_BATCHES
          // batches first, but never hold the oldest longer than GROUP_WAIT_MS.
          while (!draining && queue.length < GROUP_BATCHES && !queue[queue.length - 1]!.f.done) {
            const left = GROUP_WAIT_MS - (Date.now() - first.queuedAt);
            if (left <= 0) break;
            await new Promise<void>((r) => {
              // woken early by a new batch: the timer goes too (a pending one would keep the
              // process alive for up to GROUP_WAIT_MS after the last commit)
              const timer = setTimeout(r, left);
              arrived = () => {
                clearTimeout(timer);
                r();
              };
            });
          }
          await first.bytes;
        }
        let n = 1;
        let deadChars = first.b.deadChars;
        while (first.bytes && n < queue.length && queue[n]!.bytes && deadChars + queue[n]!.b.deadChars <= maxChars) deadChars += queue[n++]!.b.deadChars;
        await commit(queue.slice(0, n));
        queue.splice(0, n);
        wake?.();
      }
    };
    const kick = () => {
      if (committing || failed) return;
      committing = commitAll().then(
        () => {
          committing = undefined;
          wake?.();
        },
        (e: unknown) => {
          failed = { e };
          committing = undefined;
          wake?.();
        },
      );
    };
    /** Waits until at most `max` batches are queued; a failed commit is thrown here. */
    const settle = async (max: number) => {
      if (max === 0) {
        draining = true;
        arrived?.();
      }
      while (!failed && queue.length > max) {
        const next = new Promise<void>((r) => (wake = r));
        kick();
        await next;
      }
      if (failed) throw failed.e;
    };
    const flush = async (done: boolean) => {
      const b = batch;
      batch = newBatch();
      await settle(MAX_QUEUED - 1);
      const f: BatchFile = { uri, etag: o.etag, modified: o.lastModified, endLine: b.endLine, done, ingestedAt: AvroTimestamp.fromMillis((this.deps.now ?? Date.now)()) };
      const constants = { _file: uri, _file_etag: o.etag, _file_modified: AvroTimestamp.fromDate(o.lastModified), _ingested_at: f.ingestedAt, _batch_end_line: b.endLine, _file_done: done };
      const bytes = this.parquet && b.cols?.rows ? this.parquet.encode(b.cols, constants) : undefined;
      queue.push({ b, f, good: goodCount(b), bytes, queuedAt: Date.now() });
      // the rows live on in the file's bytes only
      bytes?.then(() => (b.cols = undefined), () => undefined);
      arrived?.();
      kick();
      if (done) await settle(0);
    };
    const commit = async (group: readonly Queued[]) => {
      const started = Date.now();
      const last = group[group.length - 1]!;
      const f = last.f;
      const good = group.reduce((n, g) => n + g.good, 0);
      const dead = group.flatMap((g) => g.b.dead);
      if (dead.length) {
        // covering only when the group has no good row (then it is one batch: see commitAll)
        const maxDead = dead[dead.length - 1]?.line ?? 0;
        await this.retrier.insertOnce("dead-letter insert", fileDeadLetterInsertSql(s, f, dead, good === 0), async () => {
          const now = (await this.tables.readProgress()).get(fileKey(uri, o.etag)) ?? NOTHING;
          if (good > 0) return now.deadMax >= maxDead;
          return f.done ? now.done : now.covered >= f.endLine;
        });
      }
      const landed = async () => ((await this.tables.readProgress()).get(fileKey(uri, o.etag)) ?? NOTHING).covered >= f.endLine;
      if (last.b.goods.length) await this.retrier.insertOnce("bronze insert", fileBronzeInsertSql(s, f, last.b.goods), landed);
      if (last.bytes) {
        if (!this.parquet) throw new AddFilesDisabled("the Parquet path was given up during this object");
        await this.parquet.commit(await Promise.all(group.map((g) => g.bytes!)), good, landed);
      }
      this.deps.log("debug", `[${s.name}] committed ${group.length} batch${group.length > 1 ? "es" : ""} through line ${f.endLine}: ${good} rows, ${dead.length} dead letters in ${Date.now() - started} ms (oldest read ${started - group[0]!.queuedAt} ms before)`);
      this.counts.rows += good;
      this.counts.deadLetters += dead.length;
      this.counts.batches += group.length;
      this.deps.metrics?.rows.inc(labels, good);
      this.deps.metrics?.deadLetters.inc(labels, dead.length);
      this.deps.metrics?.batches.inc(labels, group.length);
    };
    // The SQL path's statement must stay under Trino's length limit; the Parquet path's only
    // limit is rows (memory), its dead letters still go in by SQL.
    const full = (addChars: number) => goodCount(batch) >= s.batch.maxRows || batch.goodChars + batch.deadChars + addChars > maxChars || batch.dead.length >= 2000;
    const parquet = this.parquet;

    const stopped = () => opts.stop?.aborted === true || this.deps.abort?.aborted === true;
    for await (const chunk of this.records(o, p))
    for (const r0 of chunk) {
      let r = r0;
      if (!isBad(r)) {
        const missing = this.required(r.values);
        if (missing) r = { line: r.line, error: missing, raw: JSON.stringify(r.values, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) };
      }
      seen++;
      lastLine = Math.max(lastLine, r.line);
      if (!shouldLand(p, r.line, !isBad(r))) {
        this.counts.skipped++;
        continue;
      }
      this.counts.messages++;
      if (isBad(r)) {
        const chars = r.raw.length + r.error.length + 200;
        if (batch.endLine > 0 && full(chars)) {
          await flush(false);
          if (stopped()) {
            await settle(0);
            return;
          }
        }
        batch.dead.push({ line: r.line, raw: r.raw, error: r.error });
        batch.deadChars += chars;
      } else if (parquet) {
        if (batch.endLine > 0 && full(0)) {
          await flush(false);
          if (stopped()) {
            await settle(0);
            return;
          }
        }
        (batch.cols ??= parquet.newBatch()).push(r.values, r.line);
      } else {
        const row = sqlEscape(`[${s.payloadColumns.map((c, i) => renderJson(c.type, r.values[i])).join(",")},${r.line}]`);
        if (batch.endLine > 0 && full(row.length + 2)) {
          await flush(false);
          if (stopped()) {
            await settle(0);
            return;
          }
        }
        batch.goods.push(row);
        batch.goodChars += row.length + 2;
      }
      batch.endLine = r.line;
    }
    if (batch.endLine > 0) await flush(true);
    else {
      // Nothing left to write, but the object is not marked done (it has no records at all):
      // one marker dead letter completes it, so it is not read again.
      batch.endLine = lastLine;
      batch.dead.push({ line: 0, raw: "", error: seen === 0 ? "the object holds no records" : "end of object (its records were already landed)" });
      await flush(true);
    }
    this.counts.files++;
    this.deps.log("info", `[${s.name}] landed ${uri}`);
  }

  /** Moves landed objects to the archive prefix (copy, then delete: a crash in between copies again). */
  private async archiveDone(progress: Map<string, FileProgress>): Promise<void> {
    const a = this.s.archive;
    if (!a) return;
    const now = await this.tables.readProgress();
    const to = new S3Bucket(this.deps.s3, a.bucket);
    for (const o of await this.listObjects()) {
      const p = now.get(fileKey(this.bucket.uri(o.key), o.etag)) ?? progress.get(fileKey(this.bucket.uri(o.key), o.etag));
      if (!p?.done) continue;
      const rel = o.key.slice(this.s.prefix.length);
      await this.retrier.retrying(`archive ${o.key}`, async () => {
        await this.bucket.copyTo(o.key, to, `${a.prefix}${rel}`, this.deps.abort);
        await this.bucket.delete(o.key, this.deps.abort);
      });
      this.deps.log("info", `[${this.s.name}] archived ${this.bucket.uri(o.key)} → s3://${a.bucket}/${a.prefix}${rel}`);
    }
  }
}
