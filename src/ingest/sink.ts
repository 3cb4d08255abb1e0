/**
 * Writes batches to bronze through Trino: one batch = one INSERT (VALUES, a JSON literal, or —
 * with the Parquet sink — a SELECT from a staged Parquet file) = one Iceberg commit on bronze
 * (plus one dead-letter INSERT before it when the batch has bad messages).
 *
 * A failed INSERT is ambiguous — Trino may have committed before the connection dropped —
 * so before every retry the sink asks the table whether the batch is already there
 * (idempotent-insert.ts). The tables themselves are bronze-tables.ts; the Parquet path is
 * parquet/parquet-sink.ts.
 */
import type { StreamDecl } from "./stream-decl.js";
import type { BatchContents, Entry } from "./batcher.js";
import { LakeformError } from "../common/errors.js";
import { AvroTimestamp } from "./avro/timestamp.js";
import { quoteString, renderLiteral } from "./sql/literals.js";
import { epochMillisExpr, jsonInsertSql, jsonSupported, type JsonColumn } from "./sql/json-rows.js";
import type { RowFormat } from "./render-row.js";
import { DEAD_LETTER_COLUMNS } from "./sql/system-columns.js";
import { tableSql } from "./sql/table-ref.js";
import { quoteIdent } from "./sql/trino-type.js";
import { bronzeColumns } from "./sql/ddl.js";
import type { PartitionProgress } from "./resume.js";
import type { ObjectStore } from "../adapters/s3/object-store.js";
import { ParquetUnsupportedError, stagingColumns } from "./parquet/staging.js";
import { DEFAULT_CALL_LIMITS, type CallLimits } from "./guard/slow-call.js";
import { BronzeTables } from "./bronze-tables.js";
import { Retrier, type SinkEvents } from "./idempotent-insert.js";
import { ParquetSink } from "./parquet/parquet-sink.js";
import type { SqlRunner } from "./sql-runner.js";

export type { SqlRunner } from "./sql-runner.js";
export type { SinkEvents } from "./idempotent-insert.js";

/** How good rows reach bronze: SQL statements (VALUES / JSON literal) or staged Parquet files. */
export type SinkKind = "sql" | "parquet";

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
  private readonly retrier: Retrier;
  private readonly tables: BronzeTables;
  /** how bronze rows are rendered; dead letters always use VALUES (few rows, plain scalars) */
  readonly rowFormat: RowFormat;
  /** set with the Parquet sink */
  private readonly parquet: ParquetSink | undefined;

  constructor(
    stream: StreamDecl,
    trino: SqlRunner,
    opts: { signal?: AbortSignal | undefined; events?: SinkEvents; rowFormat?: RowFormat; parquet?: { readonly store: ObjectStore } | undefined; limits?: CallLimits | undefined } = {},
  ) {
    this.stream = stream;
    this.retrier = new Retrier(trino, opts.signal, opts.events ?? {});
    this.tables = new BronzeTables(stream, trino, this.retrier);
    const json = jsonSupported(stream.payloadColumns.map((c) => c.type));
    if (opts.parquet) {
      // The Parquet rows are the JSON rows, parsed back: the staging SELECT reuses the JSON casts.
      let columns: ReturnType<typeof stagingColumns>;
      try {
        if (!json) throw new ParquetUnsupportedError("it has VARBINARY fields inside ROW/ARRAY/MAP");
        columns = stagingColumns(this.jsonColumns("NULL"));
      } catch (e) {
        if (!(e instanceof ParquetUnsupportedError)) throw e;
        throw new LakeformError("usage", `stream "${stream.name}" cannot use the Parquet sink: ${e.message}`, { hint: "ingest it with the default --sink sql" });
      }
      this.parquet = new ParquetSink({ store: opts.parquet.store, columns, target: stream.target, trino, retrier: this.retrier, limits: opts.limits ?? DEFAULT_CALL_LIMITS });
      this.rowFormat = "json";
    } else {
      this.parquet = undefined;
      this.rowFormat = opts.rowFormat ?? (json ? "json" : "values");
    }
  }

  /** Creates schemas and tables if missing; adds columns a newer reader schema introduced. */
  async ensureTables(): Promise<void> {
    const pq = this.parquet;
    // The staging table is rebuilt on every start: leftovers of a crashed run go, and its columns follow the stream's.
    await this.tables.ensure(pq ? () => pq.rebuildStaging() : undefined);
  }

  readProgress(): Promise<Map<number, PartitionProgress>> {
    return this.tables.readProgress();
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
      await this.retrier.insertOnce("dead-letter insert", tag + sql, async () => {
        const progress = await this.readProgress();
        return [...parts].every(([p, s]) => s.deadMax === undefined || (progress.get(p)?.deadMax ?? -1n) >= s.deadMax);
      });
    }
    // The INSERT is atomic: one partition with good rows that got this far proves all did.
    const landed = async () => {
      const progress = await this.readProgress();
      const [p, s] = [...parts].find(([, s]) => s.goods > 0) ?? [];
      return p !== undefined && s !== undefined && (progress.get(p)?.covered ?? -1n) >= s.end;
    };
    if (good.length && this.parquet) {
      // The Parquet rows are the JSON rows, parsed back: the staging SELECT reuses the JSON casts.
      const rows = good.map((e) => `[${e.prefix},${parts.get(e.partition)?.end ?? e.offset},${highWatermarks.get(e.partition) ?? "null"}]`);
      await this.parquet.write(rows, this.jsonColumns(at), tag, landed);
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
      await this.retrier.insertOnce("bronze insert", tag + sql, landed);
    }
    return {
      goodRows: good.length,
      badRows: bad.length,
      partitions: new Map([...parts].map(([p, s]) => [p, { end: s.end, deadMax: s.deadMax }])),
    };
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
}
