/**
 * Rewrites of function calls in generated SQL text, aware of quotes and nested parentheses, for
 * the few BigQuery functions the transpiler passes through unchanged (see transpile-sql.ts).
 */

/** End (exclusive) of the quoted literal or identifier starting at `start`. */
function skipQuoted(sql: string, start: number): number {
  const q = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === q) {
      if (sql[i + 1] === q) i++;
      else return i + 1;
    }
  }
  return sql.length;
}

/** Arguments of the call whose `(` is at `open`, split on top-level commas, and the index after `)`. */
export function callArgs(sql: string, open: number): { args: string[]; end: number } | undefined {
  const args: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      i = skipQuoted(sql, i) - 1;
      continue;
    }
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) {
        args.push(sql.slice(from, i).trim());
        return { args: args.length === 1 && args[0] === "" ? [] : args, end: i + 1 };
      }
    } else if (ch === "," && depth === 1) {
      args.push(sql.slice(from, i).trim());
      from = i + 1;
    }
  }
  return undefined;
}

/**
 * Replaces every call of `name` (case-insensitive, not inside quotes) with `rewrite(args)`;
 * a rewrite returning undefined leaves that call as it is. Innermost calls are rewritten first.
 */
export function rewriteCalls(sql: string, name: string, rewrite: (args: string[]) => string | undefined): string {
  const re = new RegExp(`\\b${name}\\s*\\(`, "gi");
  let out = sql;
  let searchFrom = out.length;
  // From the right, so a rewrite never shifts a match still to be visited and inner calls go first.
  for (;;) {
    const matches = [...out.slice(0, searchFrom).matchAll(re)].filter((m) => !insideQuotes(out, m.index));
    const m = matches[matches.length - 1];
    if (!m) return out;
    const open = m.index + m[0].length - 1;
    const call = callArgs(out, open);
    const replacement = call ? rewrite(call.args) : undefined;
    if (call && replacement !== undefined) out = out.slice(0, m.index) + replacement + out.slice(call.end);
    searchFrom = m.index;
  }
}

function insideQuotes(sql: string, at: number): boolean {
  let i = 0;
  while (i < at) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const end = skipQuoted(sql, i);
      if (end > at) return true;
      i = end;
    } else i++;
  }
  return false;
}

/** The text of a single-quoted SQL literal, or undefined when `arg` is not one. */
export function literal(arg: string | undefined): string | undefined {
  const m = /^'((?:[^']|'')*)'$/.exec(arg?.trim() ?? "");
  return m ? (m[1] ?? "").replace(/''/g, "'") : undefined;
}
