/**
 * A file landing's two tables in Trino: created (with their schemas) when missing, new payload
 * columns added, a conflicting table refused; and the exactly-once progress read from them.
 */
import { LakeformError } from "../../common/errors.js";
import { isCreationRace } from "../bronze-tables.js";
import type { Retrier } from "../idempotent-insert.js";
import { sleep } from "../retry.js";
import { addColumnSql, createSchemaSql, describeColumnsSql, schemaDrift } from "../sql/ddl.js";
import { tableName } from "../sql/table-ref.js";
import type { SqlRunner } from "../sql-runner.js";
import { createFileBronzeSql, createFileDeadLetterSql, fileBronzeColumns, fileBronzeProgressSql, fileDeadLetterProgressSql } from "./file-sql.js";
import type { FileStreamDecl } from "./file-stream-decl.js";
import { combineFileProgress, type FileProgress } from "./progress.js";

export class FileTables {
  constructor(
    private readonly s: FileStreamDecl,
    private readonly trino: SqlRunner,
    private readonly retrier: Retrier,
  ) {}

  private get signal(): AbortSignal | undefined {
    return this.retrier.signal;
  }

  async ensure(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.retrier.retrying("create bronze tables", () => this.create());
      } catch (e) {
        if (attempt >= 4 || !isCreationRace(e)) throw e;
        await sleep(200 + Math.round(Math.random() * 800), this.signal);
      }
    }
  }

  private async create(): Promise<void> {
    const s = this.s;
    const q = (sql: string) => this.trino.query(sql, { signal: this.signal });
    await q(createSchemaSql(s.target));
    if (s.deadLetter.schema !== s.target.schema) await q(createSchemaSql(s.deadLetter));
    await q(createFileBronzeSql(s));
    await q(createFileDeadLetterSql(s));
    const existing = (await q(describeColumnsSql(s.target))).rows.map((r) => ({ name: String(r[0]), type: String(r[1]) }));
    const drift = schemaDrift(existing, fileBronzeColumns(s));
    if (drift.conflicts.length) {
      throw new LakeformError("ingest", `bronze table ${tableName(s.target)} does not match stream "${s.name}": ${drift.conflicts.join("; ")}`, { hint: "change the schema compatibly (add nullable fields) or migrate the table" });
    }
    for (const c of drift.add) await q(addColumnSql(s.target, c));
  }

  async readProgress(): Promise<Map<string, FileProgress>> {
    return this.retrier.retrying("read bronze progress", async () => {
      const [bronze, dead] = await Promise.all([
        this.trino.query(fileBronzeProgressSql(this.s), { signal: this.signal }),
        this.trino.query(fileDeadLetterProgressSql(this.s), { signal: this.signal }),
      ]);
      return combineFileProgress(bronze.rows, dead.rows);
    });
  }
}
