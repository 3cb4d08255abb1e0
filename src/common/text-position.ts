/** Offsets ↔ 1-based line/column, and token search in original source text. */

import type { SourceLocation } from "./errors.js";

export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: end - lineStart + 1 };
}

export function locationAt(file: string, text: string, offset: number): SourceLocation {
  return { file, ...positionAt(text, offset) };
}

/** Offset of the `occurrence`-th (0-based) match of `pattern` at or after `from`, else of the last match, else -1. */
export function findOffset(text: string, pattern: RegExp, occurrence = 0, from = 0): number {
  const re = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  re.lastIndex = from;
  let last = -1;
  let n = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (n === occurrence) return m.index;
    last = m.index;
    n++;
    if (m[0].length === 0) re.lastIndex++;
  }
  return last;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where an object key is written (`key:`, `"key":`, `'key':`), for config error locations. */
export function keyPattern(key: string): RegExp {
  const k = escapeRegExp(key);
  return new RegExp(`(?:\\b${k}|"${k}"|'${k}')\\s*:`);
}
