/**
 * A SQLX file cut into its parts, with offsets, so each part can be rewritten on its own and
 * the rest kept byte for byte: `config { }` and `js { }` blocks (JavaScript), `pre_operations`,
 * `post_operations` (SQL) and the SQL body around them.
 */

import { templateEnd } from "./js-template.js";

export type SectionKind = "config" | "js" | "pre_operations" | "post_operations" | "incremental_where" | "sql";

export interface Section {
  readonly kind: SectionKind;
  /** Offsets of the block's inner text (between the braces), or of the SQL text. */
  readonly start: number;
  readonly end: number;
}

const BLOCK = /^[ \t]*(config|js|pre_operations|post_operations|incremental_where)\s*\{/gm;

/** Index after the `}` closing the `{` at `open`, skipping JS/SQL strings, comments and `${…}`. */
function blockEnd(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "$" && text[i + 1] === "{") i = templateEnd(text, i) - 1;
    else if (ch === "/" && text[i + 1] === "/") i = lineEnd(text, i) - 1;
    else if (ch === "-" && text[i + 1] === "-") i = lineEnd(text, i) - 1;
    else if (ch === "/" && text[i + 1] === "*") i = Math.max(text.indexOf("*/", i + 2), i) + 1;
    else if (ch === '"' || ch === "'" || ch === "`") i = stringEnd(text, i) - 1;
    else if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

function lineEnd(text: string, i: number): number {
  const n = text.indexOf("\n", i);
  return n < 0 ? text.length : n;
}

function stringEnd(text: string, start: number): number {
  const q = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (q === "`" && text[i] === "$" && text[i + 1] === "{") i = templateEnd(text, i) - 1;
    else if (text[i] === q) return i + 1;
  }
  return text.length;
}

export function splitSqlx(text: string): Section[] {
  const sections: Section[] = [];
  let at = 0;
  BLOCK.lastIndex = 0;
  for (let m = BLOCK.exec(text); m !== null; m = BLOCK.exec(text)) {
    if (m.index < at) continue; // inside a block already consumed
    const open = m.index + m[0].length - 1;
    const close = blockEnd(text, open);
    if (m.index > at) sections.push({ kind: "sql", start: at, end: m.index });
    sections.push({ kind: m[1] as SectionKind, start: open + 1, end: close - 1 });
    at = close;
    BLOCK.lastIndex = close;
  }
  if (at < text.length) sections.push({ kind: "sql", start: at, end: text.length });
  return sections;
}
