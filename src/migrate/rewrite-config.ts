/**
 * A SQLX `config { }` block with warehouse keys rewritten for Trino: the same mapping compile
 * applies with warnings (compile/foreign-config.ts), written back into the file. Entries that do
 * not change are kept as written (comments and formatting included).
 */

import vm from "node:vm";
import { isDeepStrictEqual } from "node:util";
import type { SourceLocation } from "../common/errors.js";
import { ACTION_TYPES, type ActionType } from "../compile/config-schema.js";
import { translateForeignConfig } from "../compile/foreign-config.js";
import { templateEnd } from "./js-template.js";
import { translateSql, type SourceDialect } from "./transpile-sql.js";

export interface ConfigRewrite {
  /** The new inner text of the block, or undefined when nothing changes. */
  readonly text: string | undefined;
  /** What changed, each with the 1-based line (within the block) of the key. */
  readonly changes: readonly { readonly line: number; readonly message: string }[];
  /** What could not be translated (e.g. a block using variables of a js { } block), with the line within the block. */
  readonly problems: readonly { readonly line: number; readonly message: string }[];
}

interface Entry {
  readonly key: string | undefined;
  /** The entry as written, without the separating comma. */
  readonly text: string;
  /** A `// comment` written after the entry's comma on the same line. */
  readonly comment?: string;
}

function entries(inner: string): Entry[] {
  const out: Entry[] = [];
  let depth = 0;
  let from = 0;
  let comment: string | undefined;
  const push = (end: number) => {
    const text = inner.slice(from, end);
    const key = /^(?:\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*(["']?)([A-Za-z_$][\w$]*)\1\s*:/.exec(text)?.[2];
    if (text.trim()) out.push({ key, text, ...(comment ? { comment } : {}) });
    comment = undefined;
  };
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '"' || ch === "'" || ch === "`") {
      for (i++; i < inner.length && inner[i] !== ch; i++) {
        if (inner[i] === "\\") i++;
        else if (ch === "`" && inner[i] === "$" && inner[i + 1] === "{") i = templateEnd(inner, i) - 1;
      }
    } else if (ch === "/" && inner[i + 1] === "/") i = Math.max(inner.indexOf("\n", i), i);
    else if (ch === "/" && inner[i + 1] === "*") i = Math.max(inner.indexOf("*/", i), i) + 1;
    else if (ch === "{" || ch === "[" || ch === "(") depth++;
    else if (ch === "}" || ch === "]" || ch === ")") depth--;
    else if (ch === "," && depth === 0) {
      const after = /^[ \t]*(\/\/[^\n]*)/.exec(inner.slice(i + 1));
      comment = after?.[1];
      push(i);
      from = i + 1 + (after?.[0].length ?? 0);
    }
  }
  push(inner.length);
  return out;
}

/** A value as a JS literal, keys unquoted where they can be. */
export function jsLiteral(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(jsLiteral).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    const parts = Object.entries(v).map(([k, x]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${jsLiteral(x)}`);
    return parts.length ? `{ ${parts.join(", ")} }` : "{}";
  }
  return JSON.stringify(v) ?? "undefined";
}

let context: vm.Context | undefined;

function lineOf(text: string, offset: number): number {
  return text.slice(0, Math.max(offset, 0)).split("\n").length;
}

/** A SQL predicate of the config (updatePartitionFilter, rowConditions…) translated as the WHERE of a query. */
function translatePredicate(sql: string, from: SourceDialect, catalogs: Readonly<Record<string, string>>): { sql: string; problem?: string } {
  const r = translateSql(`SELECT 1 FROM __lf_t WHERE ${sql}`, { from, catalogs });
  const m = /\bWHERE\s+([\s\S]*)$/i.exec(r.sql);
  if (r.problems.length || !m?.[1]) return { sql, ...(r.problems[0] ? { problem: r.problems[0].message } : {}) };
  return { sql: m[1].replace(/\s*\n\s*/g, " ").trim() };
}

/** Config entries holding SQL: translated like the body, so they do not stay in the warehouse's dialect. */
function translateConfigSql(next: Record<string, unknown>, from: SourceDialect, catalogs: Readonly<Record<string, string>>, note: (key: string, message: string) => void): void {
  const one = (key: string, sql: string): string => {
    const t = translatePredicate(sql, from, catalogs);
    if (t.problem) note(key, `${key} "${sql}": ${t.problem}`);
    else if (t.sql !== sql) note(key, `${key} "${sql}" → "${t.sql}"`);
    return t.sql;
  };
  if (typeof next["updatePartitionFilter"] === "string") next["updatePartitionFilter"] = one("updatePartitionFilter", next["updatePartitionFilter"]);
  if (Array.isArray(next["incrementalPredicates"])) next["incrementalPredicates"] = next["incrementalPredicates"].map((p: unknown) => (typeof p === "string" ? one("incrementalPredicates", p) : p));
  const a = next["assertions"];
  if (typeof a === "object" && a !== null && Array.isArray((a as Record<string, unknown>)["rowConditions"])) {
    const rc = (a as Record<string, unknown>)["rowConditions"] as unknown[];
    next["assertions"] = { ...a, rowConditions: rc.map((c) => (typeof c === "string" ? one("rowConditions", c) : c)) };
  }
}

export function rewriteConfig(inner: string, catalogs: Readonly<Record<string, string>> = {}, from: SourceDialect = "bigquery"): ConfigRewrite {
  let raw: unknown;
  try {
    // One empty context for every block: creating one per file was a third of migrate's time.
    context ??= vm.createContext(Object.create(null) as object);
    raw = vm.runInContext(`({${inner}\n})`, context, { timeout: 1000 });
  } catch {
    return { text: undefined, changes: [], problems: [{ line: 1, message: "not translated: config { } uses JavaScript values that are only known at compile time: its warehouse keys were left as written (compile maps them with warnings)" }] };
  }
  if (typeof raw !== "object" || raw === null) return { text: undefined, changes: [], problems: [] };
  const config = { ...(raw as Record<string, unknown>) };
  const type = typeof config["type"] === "string" ? (config["type"] as string) : "operations";
  const kind: ActionType = (ACTION_TYPES as readonly string[]).includes(type) ? (type as ActionType) : "operations";
  const located: SourceLocation = { file: "", line: 0, column: 0 };
  const foreign = translateForeignConfig(kind, config, (key) => ({ ...located, line: lineOf(inner, inner.search(new RegExp(`\\b${key}\\s*:`))) }));
  const changes = foreign.diagnostics.map((d) => ({ line: d.location?.line ?? 1, message: d.message.replace(/ (is|are) mapped to /, " → ") }));
  const next = { ...foreign.config };
  const database = next["database"];
  if (typeof database === "string" && catalogs[database] !== undefined) {
    next["database"] = catalogs[database];
    changes.push({ line: lineOf(inner, inner.search(/\bdatabase\s*:/)), message: `database "${database}" → catalog "${catalogs[database]}"` });
  }
  const problems: { line: number; message: string }[] = [];
  translateConfigSql(next, from, catalogs, (key, message) => {
    const line = lineOf(inner, inner.search(new RegExp(`\\b${key}\\s*:`)));
    if (message.includes("not translated")) problems.push({ line, message });
    else changes.push({ line, message });
  });
  if (changes.length === 0) return { text: undefined, changes: [], problems };
  const kept = entries(inner).filter((e) => e.key === undefined || (e.key in next && isDeepStrictEqual(next[e.key], config[e.key])));
  const keptKeys = new Set(kept.map((e) => e.key));
  const added = Object.keys(next).filter((k) => !keptKeys.has(k));
  const multiline = inner.includes("\n");
  const indent = /\n([ \t]+)\S/.exec(inner)?.[1] ?? "  ";
  const parts = [...kept.map((e) => ({ text: e.text.trim(), comment: e.comment })), ...added.map((k) => ({ text: `${k}: ${jsLiteral(next[k])}`, comment: undefined }))];
  const text = multiline
    ? `\n${parts.map((p, i) => `${indent}${p.text}${i < parts.length - 1 ? "," : ""}${p.comment ? ` ${p.comment}` : ""}`).join("\n")}\n`
    : ` ${parts.map((p) => p.text).join(", ")} `;
  return { text, changes, problems };
}
