/**
 * `lakeform migrate`: a Dataform project written for BigQuery, Snowflake or Redshift → a
 * Lakeform project for Trino. Pure: files in, per-file report and new texts out (the CLI reads
 * and writes). Settings get the Trino catalog, config blocks get `iceberg { }`, SQL is transpiled
 * (with `${…}` JavaScript untouched); what cannot be translated is reported with its line.
 */

import type { SettingsFileName } from "../config/project.js";
import { rewriteConfig } from "./rewrite-config.js";
import { rewriteSettings } from "./rewrite-settings.js";
import { splitSqlx } from "./sqlx-sections.js";
import { translateSql, type SourceDialect } from "./transpile-sql.js";

export interface MigrateOptions {
  readonly from: SourceDialect;
  /** The Trino catalog the warehouse project/database becomes. */
  readonly catalog: string;
}

export interface Note {
  readonly line: number;
  readonly message: string;
}

export interface FileMigration {
  readonly path: string;
  readonly changes: readonly Note[];
  /** What could not be translated (file:line in the report). */
  readonly problems: readonly Note[];
  /** The new text when the file changes. */
  readonly text?: string;
}

export interface MigrateInput {
  readonly settings: readonly { readonly name: SettingsFileName; readonly text: string }[];
  /** Project files (definitions/, includes/), project-relative. */
  readonly files: readonly { readonly path: string; readonly text: string }[];
}

const lineAt = (text: string, offset: number): number => text.slice(0, offset).split("\n").length;

/** SQL pieces of a section: operations split statements on `---` lines. */
function statements(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const sep = /^---\s*$/gm;
  let from = 0;
  for (let m = sep.exec(text); m !== null; m = sep.exec(text)) {
    out.push({ start: from, end: m.index });
    from = m.index + m[0].length;
  }
  out.push({ start: from, end: text.length });
  return out;
}

/** Keeps a fragment's leading/trailing whitespace around its translation, so blocks keep their layout. */
function keepEdges(original: string, translated: string): string {
  const lead = /^\s*/.exec(original)?.[0] ?? "";
  const trail = /\s*$/.exec(original)?.[0] ?? "";
  return `${lead}${translated.trim()}${trail}`;
}

export function migrateSqlx(path: string, text: string, options: MigrateOptions, catalogs: Readonly<Record<string, string>>): FileMigration {
  const changes: Note[] = [];
  const problems: Note[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  for (const s of splitSqlx(text)) {
    const body = text.slice(s.start, s.end);
    const line0 = lineAt(text, s.start);
    if (s.kind === "js") continue;
    if (s.kind === "config") {
      const r = rewriteConfig(body, catalogs, options.from);
      for (const c of r.changes) changes.push({ line: line0 + c.line - 1, message: `config: ${c.message}` });
      for (const p of r.problems) problems.push({ line: line0 + p.line - 1, message: p.message });
      if (r.text !== undefined) edits.push({ start: s.start, end: s.end, text: r.text });
      continue;
    }
    for (const st of statements(body)) {
      const sql = body.slice(st.start, st.end);
      const r = translateSql(sql, { from: options.from, catalogs });
      const first = line0 + lineAt(body, st.start) - 1;
      for (const p of r.problems) problems.push({ line: first + p.line - 1, message: p.message });
      const translated = r.sql === sql ? sql : keepEdges(sql, r.sql);
      if (translated !== sql) {
        const where = s.kind === "sql" ? "SQL" : s.kind;
        changes.push({ line: first + (/^\s*/.exec(sql)?.[0].split("\n").length ?? 1) - 1, message: `${where} transpiled from ${options.from} to Trino` });
        edits.push({ start: s.start + st.start, end: s.start + st.end, text: translated });
      }
    }
  }
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return { path, changes, problems, ...(out !== text ? { text: out } : {}) };
}

/** Warehouse-specific SQL in JavaScript files: JS is not rewritten, so point at what needs a hand. */
const JS_HINTS = /\b(SAFE_CAST|SAFE_DIVIDE|DATE_SUB|DATE_ADD|DATE_DIFF|TIMESTAMP_\w+|DATETIME_\w+|FORMAT_\w+|PARSE_\w+|IFNULL|QUALIFY|UNNEST|STRUCT|ARRAY_AGG|STRING_AGG|GENERATE_\w*ARRAY|INT64|FLOAT64|STRING)\b|`[\w-]+\.[\w-]+\.[\w-]+`/;

export function migrateJs(path: string, text: string): FileMigration {
  const problems: Note[] = [];
  text.split("\n").forEach((l, i) => {
    const m = JS_HINTS.exec(l);
    if (m && !/^\s*(\/\/|\*)/.test(l)) problems.push({ line: i + 1, message: `not translated: SQL in JavaScript is left as written (${m[0]})` });
  });
  return { path, changes: [], problems };
}

/** actions.yaml is not rewritten: its warehouse keys are mapped by compile, with warnings. */
function migrateActionsYaml(path: string, text: string): FileMigration {
  const problems: Note[] = [];
  text.split("\n").forEach((l, i) => {
    const m = /^\s*(partitionBy|clusterBy|labels|requirePartitionFilter|partitionExpirationDays|additionalOptions)\s*:/.exec(l);
    if (m) problems.push({ line: i + 1, message: `not translated: ${m[1]} in actions.yaml is left as written (compile maps it with a warning; move it to iceberg: by hand)` });
  });
  return { path, changes: [], problems };
}

export function migrateProject(input: MigrateInput, options: MigrateOptions): FileMigration[] {
  const out: FileMigration[] = [];
  const catalogs: Record<string, string> = {};
  for (const s of input.settings) {
    const r = rewriteSettings(s.name, s.text, options.catalog);
    if (r.project && r.project !== options.catalog) catalogs[r.project] = options.catalog;
    out.push({ path: s.name, changes: r.changes, problems: [], ...(r.text !== undefined ? { text: r.text } : {}) });
  }
  for (const f of input.files) {
    if (f.path.endsWith(".sqlx")) out.push(migrateSqlx(f.path, f.text, options, catalogs));
    else if (f.path.endsWith(".js")) out.push(migrateJs(f.path, f.text));
    else if (/^definitions\/(.+\/)?actions\.yaml$/.test(f.path)) out.push(migrateActionsYaml(f.path, f.text));
    else if (f.path.endsWith(".sql") && f.path.startsWith("definitions/")) {
      const r = translateSql(f.text, { from: options.from, catalogs });
      out.push({
        path: f.path,
        changes: r.sql !== f.text ? [{ line: 1, message: `SQL transpiled from ${options.from} to Trino` }] : [],
        problems: r.problems,
        ...(r.sql !== f.text ? { text: keepEdges(f.text, r.sql) } : {}),
      });
    }
  }
  return out;
}
