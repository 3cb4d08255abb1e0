/**
 * `--sink parquet`: one batch's good rows through a Parquet file: upload it to S3, `add_files`
 * it into the unpartitioned staging table (Trino 476's `add_files` refuses partitioned tables),
 * then the one bronze commit, an `INSERT … SELECT` of that file. See staging.ts for the SQL.
 */
import { randomUUID } from "node:crypto";
import type { ObjectStore } from "../../adapters/s3/object-store.js";
import { LakeformError, errorMessage } from "../../common/errors.js";
import { slowCall, type CallLimits } from "../guard/slow-call.js";
import type { Retrier } from "../idempotent-insert.js";
import { Serial } from "../serial.js";
import type { JsonColumn } from "../sql/json-rows.js";
import type { SqlRunner } from "../sql-runner.js";
import { tableSql } from "../sql/table-ref.js";
import type { TableRef } from "../stream-decl.js";
import { addFilesSql, countFileSql, createStagingSql, insertFromStagingSql, parseJsonRow, stagingTable, type StagingColumn } from "./staging.js";
import { writeParquet } from "./write-parquet.js";

/**
 * Staging-table rebuilds bound its size and metadata (a file and a snapshot per batch otherwise
 * pile up). `LAKEFORM_STAGING_REBUILD_EVERY` overrides the interval (tests make it small).
 */
export const STAGING_REBUILD_EVERY_BATCHES = Number(process.env["LAKEFORM_STAGING_REBUILD_EVERY"]) > 0 ? Number(process.env["LAKEFORM_STAGING_REBUILD_EVERY"]) : 50;

export function describeError(e: unknown): string {
  return errorMessage(e).split("\n")[0] ?? "";
}

export class ParquetSink {
  readonly store: ObjectStore;
  readonly columns: readonly StagingColumn[];
  private readonly target: TableRef;
  private readonly trino: SqlRunner;
  private readonly retrier: Retrier;
  private readonly limits: CallLimits;
  /** add_files, deletes and rebuilds of the staging table, one at a time (lanes would conflict on commits) */
  private readonly stagingSerial = new Serial();
  /** batches between their add_files and their bronze INSERT: the staging table may not be rebuilt then */
  private stagedInFlight = 0;
  private batchesSinceRebuild = 0;

  constructor(c: { store: ObjectStore; columns: readonly StagingColumn[]; target: TableRef; trino: SqlRunner; retrier: Retrier; limits: CallLimits }) {
    this.store = c.store;
    this.columns = c.columns;
    this.target = c.target;
    this.trino = c.trino;
    this.retrier = c.retrier;
    this.limits = c.limits;
  }

  private get signal(): AbortSignal | undefined {
    return this.retrier.signal;
  }

  /**
   * One batch through a Parquet file: upload, add_files into the staging table, then the one
   * bronze commit (INSERT … SELECT of that file). `jsonRows` are the JSON rows the SQL sink
   * would send; `landed` says whether bronze already holds the batch (after an ambiguous failure).
   */
  async write(jsonRows: readonly string[], columns: readonly JsonColumn[], tag: string, landed: () => Promise<boolean>): Promise<void> {
    const rows = jsonRows.map(parseJsonRow);
    const body = writeParquet(this.columns, rows);
    const t = this.target;
    const dirKey = `_lakeform/staging/${t.catalog}.${t.schema}.${t.table}/${Date.now()}-${randomUUID()}/`;
    const fileKey = `${dirKey}part-0.parquet`;
    const file = this.store.uri(fileKey);
    const staging = stagingTable(t);
    const events = this.retrier.events;
    await this.retrier.retrying("staged file upload", () =>
      slowCall(
        this.limits.slowWarnMs,
        (ms) => events.onSlow?.(`S3 PUT ${file} (${body.length} bytes)`, ms, this.limits.s3TimeoutMs),
        () => this.store.put(fileKey, body, this.signal, this.limits.s3TimeoutMs),
      ),
    );
    await this.stagingSerial.run(async () => {
      if (this.stagedInFlight === 0 && this.batchesSinceRebuild >= STAGING_REBUILD_EVERY_BATCHES) {
        await this.retrier.retrying("staging table rebuild", () => this.rebuildStaging());
        this.batchesSinceRebuild = 0;
      }
      this.batchesSinceRebuild++;
      this.stagedInFlight++;
      try {
        await this.retrier.insertOnce("staging add_files", addFilesSql(staging, this.store.uri(dirKey)), async () => {
          const r = await this.retrier.retrying("staging check", () => this.trino.query(countFileSql(staging, file), { signal: this.signal }));
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
      await this.retrier.insertOnce(
        "bronze insert",
        tag + insertFromStagingSql(t, staging, columns, file),
        landed,
        // A SELECT that found fewer rows than the file holds must never count as the batch.
        (r) => {
          const n = r.updateCount ?? Number(r.rows[0]?.[0]);
          if (n !== rows.length) {
            throw new LakeformError("ingest", `bronze insert from the staged file ${file} wrote ${n} rows, expected ${rows.length}; nothing is acknowledged, the restart re-reads the batch`);
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
  async rebuildStaging(): Promise<void> {
    const staging = stagingTable(this.target);
    await this.trino.query(`DROP TABLE IF EXISTS ${tableSql(staging)}`, { signal: this.signal });
    await this.trino.query(createStagingSql(staging, this.columns), { signal: this.signal });
  }
}
