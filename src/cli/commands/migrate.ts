/**
 * `lakeform migrate [project-dir] --from bigquery|snowflake|redshift [--write]`: turns a Dataform
 * project into a Lakeform project for Trino. Dry run by default: prints, per file, what would
 * change and, as file:line, what could not be translated. `--write` edits the files in place.
 */

import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { helpFooter, jsonOption, projectDirArgument } from "../options.js";
import { LakeformError } from "../../common/errors.js";
import { loadProjectFiles } from "../../compile/project-files.js";
import { migrateProject, type FileMigration } from "../../migrate/migrate-project.js";
import type { SourceDialect } from "../../migrate/transpile-sql.js";
import { printJson } from "../output.js";

const SOURCES: readonly SourceDialect[] = ["bigquery", "snowflake", "redshift"];

interface MigrateFlags {
  readonly from?: string;
  readonly write?: boolean;
  readonly catalog: string;
  readonly json?: boolean;
}

function report(files: readonly FileMigration[], write: boolean): string {
  const lines: string[] = [];
  const touched = files.filter((f) => f.changes.length || f.problems.length);
  for (const f of touched) {
    lines.push(`${f.path}${f.text !== undefined ? (write ? " (written)" : " (would change)") : ""}`);
    for (const c of f.changes) lines.push(`  ${f.path}:${c.line}: ${c.message}`);
    for (const p of f.problems) lines.push(`  ${f.path}:${p.line}: ${p.message}`);
  }
  const changed = files.filter((f) => f.text !== undefined).length;
  const problems = files.reduce((n, f) => n + f.problems.length, 0);
  lines.push(
    `${write ? "Changed" : "Would change"} ${changed} of ${files.length} file(s); ${problems} thing(s) to translate by hand.` +
      (write ? "" : " Run again with --write to edit the files in place."),
  );
  return lines.join("\n");
}

function run(dirArg: string, flags: MigrateFlags): void {
  const from = flags.from as SourceDialect | undefined;
  if (!from || !SOURCES.includes(from)) {
    throw new LakeformError("usage", `--from must be one of ${SOURCES.join(", ")}`, { hint: "e.g. lakeform migrate . --from bigquery" });
  }
  const dir = resolve(dirArg);
  const project = loadProjectFiles(dir);
  const files = project.files.filter((f) => f.path.startsWith("definitions/") || f.path.startsWith("includes/"));
  const result = migrateProject({ settings: project.settings, files }, { from, catalog: flags.catalog });
  if (flags.write) for (const f of result) if (f.text !== undefined) writeFileSync(join(dir, f.path), f.text);
  if (flags.json) printJson(result.map(({ text, ...rest }) => ({ ...rest, changed: text !== undefined })));
  else process.stdout.write(`${report(result, flags.write === true)}\n`);
}

export function registerMigrate(program: Command): void {
  const cmd = program
    .command("migrate")
    .description("turn a Dataform project for BigQuery/Snowflake/Redshift into a Lakeform project for Trino (dry run unless --write)");
  projectDirArgument(cmd)
    .requiredOption("--from <warehouse>", `the warehouse the project was written for: ${SOURCES.join(" | ")}`)
    .option("--write", "edit the files in place (default: only report what would change)")
    .option("--catalog <name>", "the Trino catalog the warehouse project/database becomes", "iceberg");
  jsonOption(cmd, "the report");
  helpFooter(cmd, {
    examples: [
      "lakeform migrate . --from bigquery            # what would change, with file:line of what needs a hand",
      "lakeform migrate . --from bigquery --write    # edit in place (commit first)",
    ],
    exitCodes: [0, 1, 2],
  });
  cmd.action((projectDir: string, flags: MigrateFlags) => run(projectDir, flags));
}
