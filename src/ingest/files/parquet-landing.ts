/**
 * A file landing's good rows into bronze as Parquet files (the default whenever bronze's columns
 * are flat; see parquet-columns.ts for the types):
 *
 * - unpartitioned bronze: the batch's file is written under bronze's own location and registered
 *   with `ALTER TABLE bronze EXECUTE add_files` — one commit, Trino reads no row;
 * - partitioned bronze (Trino 476's add_files refuses partitioned tables): the file is registered
 *   in an unpartitioned staging table with bronze's columns, then one `INSERT INTO bronze SELECT`
 *   of that file (no casts); the staging table is dropped and created again every so many
 *   batches, so its metadata never grows (its files live under bronze's location too).
 *
 * Either way the batch's rows and its bookkeeping columns arrive in ONE bronze commit, which is
 * what progress.ts rests on; an ambiguous failure asks `landed()` before writing again. Batches
 * are encoded (on the encoder thread) while earlier ones commit; one `commit` may carry several
 * consecutive batches (one file each, one directory, one add_files: Trino's cost is per commit,
 * and grows with the table's file count). Every file is written under
 * bronze's location (`data/lakeform/…`); one that was uploaded but never registered (a crash in
 * between) is an orphan there: invisible to readers, removed by `lakeform maintain`'s orphan-file
 * cleanup.
 */
import { randomUUID } from "node:crypto";
import { S3Bucket, type S3Endpoint } from "../../adapters/s3/bucket-client.js";
import { LakeformError, errorMessage } from "../../common/errors.js";
import { splitS3Uri } from "../../config/file-stream-file.js";
import type { Retrier } from "../idempotent-insert.js";
import { STAGING_REBUILD_EVERY_BATCHES } from "../parquet/parquet-sink.js";
import { addFilesSql, countFileSql, stagingTable } from "../parquet/staging.js";
import type { ParquetEncoder } from "../parquet/encoder.js";
import { createTableSql } from "../sql/ddl.js";
import { tableSql } from "../sql/table-ref.js";
import type { SqlRunner } from "../sql-runner.js";
import type { TableRef } from "../stream-decl.js";
import { fileBronzeColumns, insertFromStagedFileSql, showCreateTableSql, tableLocationOf } from "./file-sql.js";
import type { FileStreamDecl } from "./file-stream-decl.js";
import { ColumnBuilder, landingColumns, parquetElements, type LandingColumn } from "./parquet-columns.js";

/** The catalog does not allow `add_files`: the ingester goes back to SQL inserts. */
export class AddFilesDisabled extends Error {}

export class ParquetLanding {
  private readonly columns: LandingColumn[];
  private readonly staging: TableRef;
  private readonly partitioned: boolean;
  private targetLocation: string | undefined;
  private stagingReady = false;
  private batchesSinceRebuild = 0;

  constructor(
    private readonly s: FileStreamDecl,
    private readonly trino: SqlRunner,
    private readonly retrier: Retrier,
    private readonly s3: S3Endpoint,
    private readonly encoder: ParquetEncoder,
  ) {
    this.columns = landingColumns(fileBronzeColumns(s));
    this.staging = stagingTable(s.target);
    this.partitioned = s.target.partitioning.length > 0;
  }

  private q(sql: string) {
    return this.trino.query(sql, { signal: this.retrier.signal });
  }

  /** Where bronze keeps its files (read once). */
  private async location(): Promise<string> {
    if (this.targetLocation) return this.targetLocation;
    const key = tableSql(this.s.target);
    const ddl = await this.retrier.retrying(`read ${key}'s location`, () => this.q(showCreateTableSql(this.s.target)));
    const loc = tableLocationOf(String(ddl.rows[0]?.[0] ?? ""));
    if (!loc?.startsWith("s3://")) throw new LakeformError("ingest", `cannot land Parquet files into ${key}: its location (${loc ?? "none"}) is not an s3:// URI`);
    return (this.targetLocation = loc);
  }

  private async rebuildStaging(): Promise<void> {
    await this.q(`DROP TABLE IF EXISTS ${tableSql(this.staging)}`);
    await this.q(createTableSql(this.staging, fileBronzeColumns(this.s), []));
  }

  /** An empty batch: rows are pushed into it as they are read (parquet-columns.ts). */
  newBatch(): ColumnBuilder {
    return new ColumnBuilder(this.columns, this.s.payloadColumns.length, Math.min(this.s.batch.maxRows, 65_536));
  }

  /**
   * Encodes one batch with its `constants` (every other bronze column but `_line`), on the
   * encoder thread. The bytes wait in memory for `commit`.
   */
  encode(batch: ColumnBuilder, constants: Readonly<Record<string, unknown>>): Promise<Uint8Array> {
    return this.encoder.encode(parquetElements(this.columns), batch.pack(constants));
  }

  /**
   * Consecutive batches' files into bronze in ONE commit: uploaded into one fresh directory, then
   * registered together (`landed()` is asked after an ambiguous failure). `rows` is their total.
   */
  async commit(files: readonly Uint8Array[], rows: number, landed: () => Promise<boolean>): Promise<void> {
    const { bucket, prefix } = splitS3Uri(await this.location());
    const dirKey = `${prefix ? `${prefix}/` : ""}data/lakeform/${Date.now()}-${randomUUID()}/`;
    const store = new S3Bucket(this.s3, bucket);
    const dir = store.uri(dirKey);
    const names = files.map((_, i) => `part-${String(i).padStart(5, "0")}.parquet`);
    await Promise.all(files.map((body, i) => this.retrier.retrying(`upload ${dir}${names[i]}`, () => store.putBytes(`${dirKey}${names[i]}`, body, this.retrier.signal))));
    if (this.partitioned && (!this.stagingReady || this.batchesSinceRebuild >= STAGING_REBUILD_EVERY_BATCHES)) {
      await this.retrier.retrying("staging table rebuild", () => this.rebuildStaging());
      this.stagingReady = true;
      this.batchesSinceRebuild = 0;
    }
    this.batchesSinceRebuild++;
    const paths = names.map((n) => `${dir}${n}`);
    try {
      if (!this.partitioned) {
        await this.retrier.insertOnce("bronze add_files", addFilesSql(this.s.target, dir), landed);
        return;
      }
      await this.retrier.insertOnce("staging add_files", addFilesSql(this.staging, dir), async () => Number((await this.retrier.retrying("staging check", () => this.q(countFileSql(this.staging, paths[0]!)))).rows[0]?.[0] ?? 0) > 0);
    } catch (e) {
      if (/add_files procedure is disabled/.test(errorMessage(e))) throw new AddFilesDisabled(errorMessage(e).split("\n")[0]);
      throw e;
    }
    await this.retrier.insertOnce("bronze insert", insertFromStagedFileSql(this.s.target, this.staging, fileBronzeColumns(this.s), paths), landed, (r) => {
      const n = r.updateCount ?? Number(r.rows[0]?.[0]);
      // a SELECT that found fewer rows than the files hold must never count as the batches
      if (n !== rows) throw new LakeformError("ingest", `bronze insert from the staged files under ${dir} wrote ${n} rows, expected ${rows}; nothing is acknowledged, a restart re-reads the batches`);
    });
  }
}
