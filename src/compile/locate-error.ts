/**
 * Maps an exception thrown while evaluating a project file to file:line:col. JS files keep
 * their own line numbers (the wrapper is on line 1); transpiled SQLX does not, so for SQLX we
 * search the original text for the name the error message mentions.
 */

import type { SourceLocation } from "../common/errors.js";
import { errorMessage } from "../common/errors.js";
import { escapeRegExp, findOffset, locationAt } from "../common/text-position.js";
import { WRAPPER_PREFIX } from "./transpile-cache.js";

function stackOf(e: unknown): string {
  return typeof e === "object" && e !== null && typeof (e as { stack?: unknown }).stack === "string" ? (e as { stack: string }).stack : "";
}

function fromStack(e: unknown, file: string): SourceLocation | undefined {
  const stack = stackOf(e);
  const re = new RegExp(`${escapeRegExp(file)}:(\\d+)(?::(\\d+))?`);
  const m = re.exec(stack);
  if (!m) return undefined;
  const line = Number(m[1]);
  let column = m[2] === undefined ? caretColumn(stack) : Number(m[2]);
  if (line === 1) column = Math.max(1, column - WRAPPER_PREFIX.length);
  return { file, line, column };
}

// V8 SyntaxErrors print `file:line`, the source line and a caret line under the culprit.
function caretColumn(stack: string): number {
  const caret = stack.split("\n").find((l) => /^\s*\^+\s*$/.test(l));
  return caret === undefined ? 1 : caret.indexOf("^") + 1;
}

/** Name an error message is about: `x is not defined`, `reading 'x'`, `x is not a function`. */
function mentionedName(text: string): RegExp | undefined {
  // Errors thrown inside the vm context are not instances of this realm's Error, so their
  // text arrives as `String(e)`, with the `ReferenceError: ` prefix.
  const message = text.replace(/^\w*Error: /, "");
  const notDefined = /^(\w+) is not defined/.exec(message);
  if (notDefined?.[1]) return new RegExp(`\\b${escapeRegExp(notDefined[1])}\\b`);
  const reading = /reading '([^']+)'/.exec(message);
  if (reading?.[1]) return new RegExp(`\\.${escapeRegExp(reading[1])}\\b`);
  const notFn = /^(?:\w*Error: )?([\w.]+) is not a function/.exec(message);
  if (notFn?.[1]) return new RegExp(`\\b${escapeRegExp(notFn[1])}\\s*\\(`);
  return undefined;
}

export function locateError(e: unknown, file: string, text: string, fallback?: SourceLocation): SourceLocation {
  if (!file.endsWith(".sqlx")) {
    const loc = fromStack(e, file);
    if (loc) return loc;
  }
  const pattern = mentionedName(errorMessage(e));
  if (pattern) {
    const at = findOffset(text, pattern);
    if (at >= 0) return locationAt(file, text, at);
  }
  return fallback ?? { file, line: 1, column: 1 };
}
