import { helpFooter } from "../options.js";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { splitStatements } from "../../adapters/trino/split-statements.js";
import { LakeformError } from "../../common/errors.js";
import { resolveConnections } from "../../config/connection.js";
import { formatTable, info, printJson } from "../output.js";

export function registerSql(program: Command): void {
  const cmd = program.command("sql");
  helpFooter(cmd, {
    notes:
      "Connection: LAKEFORM_TRINO_URL, LAKEFORM_TRINO_USER, LAKEFORM_TRINO_CATALOG, LAKEFORM_TRINO_SCHEMA, or the\n`lakeform.trino` section of dataform.json; defaults to the local stack (http://127.0.0.1:8080).",
    examples: ['lakeform sql "SELECT count(*) FROM tpch.tiny.nation"', "lakeform sql --file query.sql --json", 'lakeform sql -p path/to/project "SHOW SCHEMAS FROM iceberg"'],
    exitCodes: [0, 1, 2],
  });
  cmd
    .description("run one SQL statement on the configured Trino and print the result")
    .argument("[statement]", "the SQL statement (or use --file)")
    .option("-f, --file <path>", "read the statement from a file (several statements separated by `;` run one after another; the last one's result is printed, each statement's status on stderr)")
    .option("-p, --project <dir>", "project directory whose dataform.json holds connection settings", ".")
    .option("--catalog <catalog>", "default catalog for unqualified names")
    .option("--schema <schema>", "default schema for unqualified names")
    .option("--json", "print {queryId, columns, rows, updateCount} as JSON")
    .action(async (statement: string | undefined, opts: { file?: string; project: string; catalog?: string; schema?: string; json?: boolean }) => {
      const sql = opts.file ? readFileSync(resolve(opts.file), "utf8") : statement;
      if (!sql?.trim()) throw new LakeformError("usage", "no SQL given", { hint: 'lakeform sql "SELECT 1"  or  lakeform sql --file query.sql' });
      const conn = resolveConnections(resolve(opts.project));
      const client = new TrinoClient(conn.trino);
      // A trailing semicolon is natural to type but Trino's statement API rejects it.
      const statements = opts.file ? splitStatements(sql) : [sql.trim().replace(/;\s*$/, "")];
      if (statements.length === 0) throw new LakeformError("usage", `no SQL statement in ${opts.file ?? "the argument"} (only comments)`);
      for (const s of statements.slice(0, -1)) {
        const done = await client.query(s, { catalog: opts.catalog, schema: opts.schema });
        info(`${done.updateType ?? "OK"}${done.updateCount !== undefined ? `: ${done.updateCount} row(s)` : ""} (query ${done.queryId})`);
      }
      const r = await client.query(statements.at(-1) ?? "", { catalog: opts.catalog, schema: opts.schema });
      if (opts.json) {
        printJson({ queryId: r.queryId, columns: r.columns, rows: r.rows, updateType: r.updateType, updateCount: r.updateCount });
      } else if (r.columns.length > 0 && r.updateType === undefined) {
        process.stdout.write(`${formatTable(r.columns.map((c) => c.name), r.rows)}\n`);
      } else {
        process.stdout.write(`${r.updateType ?? "OK"}${r.updateCount !== undefined ? `: ${r.updateCount} row(s)` : ""} (query ${r.queryId})\n`);
      }
    });
}
