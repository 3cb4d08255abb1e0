/**
 * Writes batches to bronze through Trino: one batch = one INSERT (VALUES, a JSON literal, or —
 * with the Parquet sink — a SELECT from a staged Parquet file) = one Iceberg commit on bronze
 * (plus one dead-letter INSERT before it when the batch has bad messages).
 *
 * A failed INSERT is ambiguous — Trino may have committed before the connection dropped —
 * so before every retry the sink asks the table whether the batch is already there.
 */
import type { StreamDecl } from "./stream-decl.js";
import type { BatchContents, Entry } from "./batcher.js";
import { LakeformError, errorMessage } from "../common/errors.js";
import { AvroTimestamp } from "./avro/timestamp.js";
import { renderLiteral } from "./sql/literals.js";
import { epochMillisExpr, jsonInsertSql, jsonSupported, type JsonColumn } from "./sql/json-rows.js";
import { quoteString } from "./sql/literals.js";
import type { RowFormat } from "./render-row.js";
import { DEAD_LETTER_COLUMNS } from "./sql/system-columns.js";
import { tableName, tableSql } from "./sql/table-ref.js";
import { quoteIdent } from "./sql/trino-type.js";
import { addColumnSql, bronzeColumns, createBronzeSql, createDeadLetterSql, createSchemaSql, describeColumnsSql, schemaDrift } from "./sql/ddl.js";
import { bronzeProgressSql, deadLetterProgressSql } from "./sql/resume-sql.js";
import { combineProgress, type PartitionProgress } from "./resume.js";
import { backoffMs, isRetryable, sleep } from "./retry.js";
import { randomUUID } from "node:crypto";
import type { ObjectStore } from "../adapters/s3/object-store.js";
import { Serial } from "./serial.js";
import {
  addFilesSql,
  countFileSql,
  createStagingSql,
  insertFromStagingSql,
  ParquetUnsupportedError,
  parseJsonRow,
  stagingColumns,
  stagingTable,
  type StagingColumn,
} from "./parquet/staging.js";
import { writeParquet } from "./parquet/write-parquet.js";
import { DEFAULT_CALL_LIMITS, slowCall, type CallLimits } from "./guard/slow-call.js";

/** How good rows reach bronze: SQL statements (VALUES / JSON literal) or staged Parquet files. */
export type SinkKind = "sql" | "parquet";

export interface SqlRunner {
  query(
    sql: string,
    opts?: {
      signal?: AbortSignal | undefined;
      /** cancel the statement in Trino and fail after this long */
      timeoutMs?: number | undefined;
      onProgress?: ((p: { readonly queryId: string; readonly state: string }) => void) | undefined;
    },
  ): Promise<{ readonly rows: readonly (readonly unknown[])[]; readonly updateCount?: number | undefined }>;
}

/**
 * Staging-table rebuilds bound its size and metadata (a file and a snapshot per batch otherwise
 * pile up). `LAKEFORM_STAGING_REBUILD_EVERY` overrides the interval (tests make it small).
 */
export const STAGING_REBUILD_EVERY_BATCHES = Number(process.env["LAKEFORM_STAGING_REBUILD_EVERY"]) > 0 ? Number(process.env["LAKEFORM_STAGING_REBUILD_EVERY"]) : 50;

export interface SinkEvents {
  onRetry?(what: string, attempt: number, error: unknown, waitMs: number): void;
  /** a call has been waiting `waitedMs` (it is abandoned and retried at `timeoutMs`) */
  onSlow?(what: string, waitedMs: number, timeoutMs: number): void;
  onRecovered?(what: string): void;
}

export interface WriteResult {
  readonly goodRows: number;
  readonly badRows: number;
  /** per partition: last offset of the batch, and the last dead-lettered offset */
  readonly partitions: ReadonlyMap<number, { readonly end: bigint; readonly deadMax: bigint | undefined }>;
}

interface PartitionSummary {
  end: bigint;
  goods: number;
  deadMax: bigint | undefined;
}

function summarize(entries: readonly Entry[]): Map<number, PartitionSummary> {
  const m = new Map<number, PartitionSummary>();
  for (const e of entries) {
    const s = m.get(e.partition) ?? { end: -1n, goods: 0, deadMax: undefined };
    if (e.offset > s.end) s.end = e.offset;
    if (e.good) s.goods++;
    else if (s.deadMax === undefined || e.offset > s.deadMax) s.deadMax = e.offset;
    m.set(e.partition, s);
  }
  return m;
}

export function insertSql(table: string, columns: readonly string[], rows: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.map(quoteIdent).join(", ")}) VALUES\n${rows.join(",\n")}`;
}

export class BronzeSink {
  private readonly stream: StreamDecl;
  private readonly trino: SqlRunner;
  private readonly signal: AbortSignal | undefined;
  private readonly events: SinkEvents;
  /** how bronze rows are rendered; dead letters always use VALUES (few rows, plain scalars) */
  readonly rowFormat: RowFormat;
  /** set with the Parquet sink: where files go and the staging table's columns */
  private readonly parquet: { readonly store: ObjectStore; readonly columns: readonly StagingColumn[] } | undefined;
  /** add_files, deletes and rebuilds of the staging table, one at a time (lanes would conflict on commits) */
  private readonly stagingSerial = new Serial();
  /** batches between their add_files and their bronze INSERT: the staging table may not be rebuilt then */
  private stagedInFlight = 0;
  private batchesSinceRebuild = 0;
  private readonly limits: CallLimits;

  constructor(
    stream: StreamDecl,
    trino: SqlRunner,
    opts: { signal?: AbortSignal | undefined; events?: SinkEvents; rowFormat?: RowFormat; parquet?: { readonly store: ObjectStore } | undefined; limits?: CallLimits | undefined } = {},
  ) {
    this.stream = stream;
    this.limits = opts.limits ?? DEFAULT_CALL_LIMITS;
    const json = jsonSupported(stream.payloadColumns.map((c) => c.type));
    if (opts.parquet) {
      // The Parquet rows are the JSON rows, parsed back: the staging SELECT reuses the JSON casts.
      try {
        if (!json) throw new ParquetUnsupportedError("it has VARBINARY fields inside ROW/ARRAY/MAP");
        this.parquet = { store: opts.parquet.store, columns: stagingColumns(this.jsonColumns("NULL")) };
      } catch (e) {
        if (!(e instanceof ParquetUnsupportedError)) throw e;
        throw new LakeformError("usage", `stream "${stream.name}" cannot use the Parquet sink: ${e.message}`, { hint: "ingest it with the default --sink sql" });
      }
      this.rowFormat = "json";
    } else {
      this.parquet = undefined;
      this.rowFormat = opts.rowFormat ?? (json ? "json" : "values");
    }
    this.trino = trino;
    this.signal = opts.signal;
    this.events = opts.events ?? {};
  }

  /** Creates schemas and tables if missing; adds columns a newer reader schema introduced. */
  async ensureTables(): Promise<void> {
    const s = this.stream;
    // Fast path for restarts (every statement costs a round trip, more on a busy Trino): both
    // tables there and bronze's columns as the stream wants them → nothing to create.
    if (!this.parquet) {
      const existing = await Promise.all([
        this.trino.query(describeColumnsSql(s.target), { signal: this.signal }),
        this.trino.query(describeColumnsSql(s.deadLetter), { signal: this.signal }),
      ]).catch(() => undefined);
      const bronze = existing?.[0].rows.map((r) => ({ name: String(r[0]), type: String(r[1]) }));
      if (bronze?.length && existing?.[1].rows.length) {
        const drift = schemaDrift(bronze, bronzeColumns(s));
        if (drift.conflicts.length === 0 && drift.add.length === 0) return;
      }
    }
    // Partitioned ingesters of a new stream start together: two `CREATE … IF NOT EXISTS` of one
    // table race in the JDBC catalog ("Key (catalog_name, table_namespace, table_name)=… already
    // exists", GENERIC_INTERNAL_ERROR); the loser runs the statements again and finds the table.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.createTables();
      } catch (e) {
        if (attempt >= 3 || !/already exists/i.test(errorMessage(e))) throw e;
        this.events.onRetry?.("create bronze tables (created concurrently by another ingester)", attempt, e, 0);
      }
    }
  }

  private async createTables(): Promise<void> {
    const s = this.stream;
    await this.retrying("create bronze tables", async () => {
      await this.trino.query(createSchemaSql(s.target), { signal: this.signal });
      if (s.deadLetter.schema !== s.target.schema) await this.trino.query(createSchemaSql(s.deadLetter), { signal: this.signal });
      await this.trino.query(createBronzeSql(s), { signal: this.signal });
      await this.trino.query(createDeadLetterSql(s), { signal: this.signal });
      const existing = (await this.trino.query(describeColumnsSql(s.target), { signal: this.signal })).rows.map((r) => ({ name: String(r[0]), type: String(r[1]) }));
      const drift = schemaDrift(existing, bronzeColumns(s));
      if (drift.conflicts.length) {
        throw new LakeformError("ingest", `bronze table ${tableName(s.target)} does not match stream "${s.name}": ${drift.conflicts.join("; ")}`, {
          hint: "evolve the Avro schema compatibly (add fields with defaults) or migrate the table",
        });
      }
      for (const c of drift.add) await this.trino.query(addColumnSql(s.target, c), { signal: this.signal });
      // Rebuilt on every start: leftovers of a crashed run go, and its columns follow the stream's.
      if (this.parquet) await this.rebuildStaging(this.parquet.columns);
    });
  }

  async readProgress(): Promise<Map<number, PartitionProgress>> {
    return this.retrying("read bronze progress", async () => {
      const [bronze, dead] = await Promise.all([
        this.trino.query(bronzeProgressSql(this.stream), { signal: this.signal }),
        this.trino.query(deadLetterProgressSql(this.stream), { signal: this.signal }),
      ]);
      return combineProgress(bronze.rows, dead.rows);
    });
  }

  /**
   * `tag` (a SQL comment, see ownership/orphan-fence.ts) starts every write statement, so a
   * restarted ingester can find the writes this one leaves running if it is killed.
   */
  async write(batch: BatchContents, highWatermarks: ReadonlyMap<number, bigint>, tag = "", ingestedAt: AvroTimestamp = AvroTimestamp.fromMillis(Date.now())): Promise<WriteResult> {
    const parts = summarize(batch.entries);
    const at = renderLiteral({ kind: "timestamptz" }, ingestedAt);
    const bad = batch.entries.filter((e) => !e.good);
    const good = batch.entries.filter((e) => e.good);
    if (bad.length) {
      const rows = bad.map((e) => {
        const p = parts.get(e.partition);
        return `(${e.prefix}, ${at}, ${p?.end ?? e.offset}, ${p && p.goods === 0 ? "TRUE" : "FALSE"})`;
      });
      const sql = insertSql(tableSql(this.stream.deadLetter), DEAD_LETTER_COLUMNS.map((c) => c.name), rows);
      await this.insertOnce("dead-letter insert", tag + sql, async () => {
        const progress = await this.readProgress();
        return [...parts].every(([p, s]) => s.deadMax === undefined || (progress.get(p)?.deadMax ?? -1n) >= s.deadMax);
      });
    }
    if (good.length && this.parquet) {
      await this.writeParquet(good, parts, highWatermarks, at, this.parquet, tag);
    } else if (good.length) {
      const json = this.rowFormat === "json";
      const rows = good.map((e) => {
        const end = parts.get(e.partition)?.end ?? e.offset;
        const hw = highWatermarks.get(e.partition);
        return json ? `[${e.prefix},${end},${hw ?? "null"}]` : `(${e.prefix}, ${at}, ${end}, ${hw ?? "NULL"})`;
      });
      const columns = bronzeColumns(this.stream);
      const table = tableSql(this.stream.target);
      const sql = json ? jsonInsertSql(table, this.jsonColumns(at), rows) : insertSql(table, columns.map((c) => c.name), rows);
      await this.insertOnce("bronze insert", tag + sql, async () => {
        const progress = await this.readProgress();
        // The INSERT is atomic: one partition with good rows that got this far proves all did.
        const [p, s] = [...parts].find(([, s]) => s.goods > 0) ?? [];
        return p !== undefined && s !== undefined && (progress.get(p)?.covered ?? -1n) >= s.end;
      });
    }
    return {
      goodRows: good.length,
      badRows: bad.length,
      partitions: new Map([...parts].map(([p, s]) => [p, { end: s.end, deadMax: s.deadMax }])),
    };
  }

  /**
   * One batch through a Parquet file: upload, add_files into the staging table, then the one
   * bronze commit (INSERT … SELECT of that file).
   */
  private async writeParquet(
    good: readonly Entry[],
    parts: ReadonlyMap<number, PartitionSummary>,
    highWatermarks: ReadonlyMap<number, bigint>,
    at: string,
    pq: { readonly store: ObjectStore; readonly columns: readonly StagingColumn[] },
    tag: string,
  ): Promise<void> {
    const rows = good.map((e) => parseJsonRow(`[${e.prefix},${parts.get(e.partition)?.end ?? e.offset},${highWatermarks.get(e.partition) ?? "null"}]`));
    const body = writeParquet(pq.columns, rows);
    const t = this.stream.target;
    const dirKey = `_lakeform/staging/${t.catalog}.${t.schema}.${t.table}/${Date.now()}-${randomUUID()}/`;
    const fileKey = `${dirKey}part-0.parquet`;
    const file = pq.store.uri(fileKey);
    const staging = stagingTable(t);
    await this.retrying("staged file upload", () =>
      slowCall(
        this.limits.slowWarnMs,
        (ms) => this.events.onSlow?.(`S3 PUT ${file} (${body.length} bytes)`, ms, this.limits.s3TimeoutMs),
        () => pq.store.put(fileKey, body, this.signal, this.limits.s3TimeoutMs),
      ),
    );
    await this.stagingSerial.run(async () => {
      if (this.stagedInFlight === 0 && this.batchesSinceRebuild >= STAGING_REBUILD_EVERY_BATCHES) {
        await this.retrying("staging table rebuild", () => this.rebuildStaging(pq.columns));
        this.batchesSinceRebuild = 0;
      }
      this.batchesSinceRebuild++;
      this.stagedInFlight++;
      try {
        await this.insertOnce("staging add_files", addFilesSql(staging, pq.store.uri(dirKey)), async () => {
          const r = await this.retrying("staging check", () => this.trino.query(countFileSql(staging, file), { signal: this.signal }));
          return Number(r.rows[0]?.[0] ?? 0) > 0;
        });
      } catch (e) {
        this.stagedInFlight--;
        if (/add_files procedure is disabled/.test(errorMessage(e))) {
          throw new LakeformError("config", `the Parquet sink needs Trino's add_files procedure: ${describeError(e)}`, {
            hint: "set iceberg.add-files-procedure.enabled=true in the Iceberg catalog properties (the local stack does), or use --sink sql",
            cause: e,
          });
        }
        throw e;
      }
    });
    try {
      await this.insertOnce(
        "bronze insert",
        tag + insertFromStagingSql(t, staging, this.jsonColumns(at), file),
        async () => {
          const progress = await this.readProgress();
          const [p, s] = [...parts].find(([, s]) => s.goods > 0) ?? [];
          return p !== undefined && s !== undefined && (progress.get(p)?.covered ?? -1n) >= s.end;
        },
        // A SELECT that found fewer rows than the file holds must never count as the batch.
        (r) => {
          const n = r.updateCount ?? Number(r.rows[0]?.[0]);
          if (n !== good.length) {
            throw new LakeformError("ingest", `bronze insert from the staged file ${file} wrote ${n} rows, expected ${good.length}; nothing is acknowledged, the restart re-reads the batch`);
          }
        },
      );
    } finally {
      this.stagedInFlight--;
    }
    // No per-batch DELETE from staging: every SELECT picks its own file by path, and the periodic
    // rebuild (DROP purges the files) bounds the table — one commit per batch saved.
  }

  /** DROP (which purges the files it references) and CREATE of the staging table. */
  private async rebuildStaging(columns: readonly StagingColumn[]): Promise<void> {
    const staging = stagingTable(this.stream.target);
    await this.trino.query(`DROP TABLE IF EXISTS ${tableSql(staging)}`, { signal: this.signal });
    await this.trino.query(createStagingSql(staging, columns), { signal: this.signal });
  }

  /** Bronze columns for the JSON shape, in table order (must match `renderGoodPrefix`). */
  private jsonColumns(ingestedAt: string): JsonColumn[] {
    return bronzeColumns(this.stream).map((c): JsonColumn => {
      if (c.name === "_topic") return { ...c, constant: quoteString(this.stream.topic) };
      if (c.name === "_ingested_at") return { ...c, constant: ingestedAt };
      if (c.name === "_kafka_ts") return { ...c, staging: "BIGINT", expr: epochMillisExpr(c.name) };
      return c;
    });
  }

  private async insertOnce(what: string, sql: string, landed: () => Promise<boolean>, check?: (r: Awaited<ReturnType<SqlRunner["query"]>>) => void): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await this.trino.query(sql, { signal: this.signal });
        check?.(r);
        if (attempt > 0) this.events.onRecovered?.(what);
        return;
      } catch (e) {
        if (!isRetryable(e) || this.signal?.aborted) throw e;
        const wait = backoffMs(attempt);
        this.events.onRetry?.(what, attempt + 1, e, wait);
        await sleep(wait, this.signal);
        // readProgress retries on its own until Trino answers
        if (await landed()) {
          this.events.onRecovered?.(`${what} (had committed before the error)`);
          return;
        }
      }
    }
  }

  private async retrying<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await fn();
        if (attempt > 0) this.events.onRecovered?.(what);
        return r;
      } catch (e) {
        if (!isRetryable(e) || this.signal?.aborted) throw e;
        const wait = backoffMs(attempt);
        this.events.onRetry?.(what, attempt + 1, e, wait);
        await sleep(wait, this.signal);
      }
    }
  }
}

export function describeError(e: unknown): string {
  return errorMessage(e).split("\n")[0] ?? "";
}
