/**
 * The stream's two tables in Trino: bronze and its dead-letter table. Creates them (and their
 * schemas) when missing, adds columns a newer reader schema introduced, refuses a table whose
 * columns conflict with the stream, and reads the exactly-once position from them (resume.ts).
 */
import { LakeformError, errorMessage } from "../common/errors.js";
import type { Retrier } from "./idempotent-insert.js";
import { combineProgress, type PartitionProgress } from "./resume.js";
import { sleep } from "./retry.js";
import { addColumnSql, bronzeColumns, createBronzeSql, createDeadLetterSql, createSchemaSql, describeColumnsSql, schemaDrift } from "./sql/ddl.js";
import { bronzeProgressSql, deadLetterProgressSql } from "./sql/resume-sql.js";
import type { SqlRunner } from "./sql-runner.js";
import { tableName } from "./sql/table-ref.js";
import type { StreamDecl } from "./stream-decl.js";

const RACE_ERRORS: ReadonlySet<string> = new Set(["ICEBERG_CATALOG_ERROR", "GENERIC_INTERNAL_ERROR", "ALREADY_EXISTS", "SCHEMA_ALREADY_EXISTS", "TABLE_ALREADY_EXISTS"]);

/** An error two concurrent creators of one schema or table can get (see `ensure`). */
export function isCreationRace(e: unknown): boolean {
  const name = (e as { errorName?: unknown } | null)?.errorName;
  return (typeof name === "string" && RACE_ERRORS.has(name)) || /already exists|Failed to create a namespace/i.test(errorMessage(e));
}

export class BronzeTables {
  private readonly stream: StreamDecl;
  private readonly trino: SqlRunner;
  private readonly retrier: Retrier;

  constructor(stream: StreamDecl, trino: SqlRunner, retrier: Retrier) {
    this.stream = stream;
    this.trino = trino;
    this.retrier = retrier;
  }

  private get signal(): AbortSignal | undefined {
    return this.retrier.signal;
  }

  /**
   * Creates schemas and tables if missing; adds columns a newer reader schema introduced.
   * `afterCreate` runs inside the same retry (the Parquet sink rebuilds its staging table there);
   * without it, a restart whose tables already match costs two reads instead of six statements.
   */
  async ensure(afterCreate?: () => Promise<void>): Promise<void> {
    const s = this.stream;
    // Fast path for restarts (every statement costs a round trip, more on a busy Trino): both
    // tables there and bronze's columns as the stream wants them → nothing to create.
    if (!afterCreate) {
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
    // Partitioned ingesters of a new stream start together, and two `CREATE … IF NOT EXISTS` of
    // one schema or table race in the JDBC catalog: "Failed to create a namespace …"
    // (ICEBERG_CATALOG_ERROR) or "Key (catalog_name, table_namespace, table_name)=… already
    // exists" (GENERIC_INTERNAL_ERROR). The loser runs the statements again and finds them.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.create(afterCreate);
      } catch (e) {
        if (attempt >= 4 || !isCreationRace(e)) throw e;
        const wait = 200 + Math.round(Math.random() * 800);
        this.retrier.events.onRetry?.("create bronze tables (created concurrently by another ingester?)", attempt, e, wait);
        await sleep(wait, this.signal);
      }
    }
  }

  private async create(afterCreate: (() => Promise<void>) | undefined): Promise<void> {
    const s = this.stream;
    await this.retrier.retrying("create bronze tables", async () => {
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
      await afterCreate?.();
    });
  }

  async readProgress(): Promise<Map<number, PartitionProgress>> {
    return this.retrier.retrying("read bronze progress", async () => {
      const [bronze, dead] = await Promise.all([
        this.trino.query(bronzeProgressSql(this.stream), { signal: this.signal }),
        this.trino.query(deadLetterProgressSql(this.stream), { signal: this.signal }),
      ]);
      return combineProgress(bronze.rows, dead.rows);
    });
  }
}
