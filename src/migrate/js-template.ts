/**
 * SQLX SQL is a JavaScript template: `${…}` holds JS (refs, `when(incremental(), `…`)`, vars).
 * Before SQL is handed to a transpiler each `${…}` is masked with a placeholder the transpiler
 * carries through untouched, and restored verbatim afterwards.
 */

/** End (exclusive) of the `${…}` starting at `start` (which points at `$`), skipping JS strings and nested templates. */
export function templateEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i];
    if (ch === "{") depth++;
    else if (ch === "}") {
      depth--;
      if (depth === 0) return i + 1;
    } else if (ch === '"' || ch === "'") i = quoteEnd(text, i, ch) - 1;
    else if (ch === "`") i = backtickEnd(text, i) - 1;
  }
  return text.length;
}

function quoteEnd(text: string, start: number, q: string): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === q) return i + 1;
  }
  return text.length;
}

/** End of a JS template literal starting at `start`, including nested `${…}`. */
function backtickEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === "`") return i + 1;
    else if (text[i] === "$" && text[i + 1] === "{") i = templateEnd(text, i) - 1;
  }
  return text.length;
}

export interface Masked {
  readonly sql: string;
  readonly restore: (sql: string) => string;
  /** The masked expressions, in order. */
  readonly expressions: readonly string[];
}

/**
 * `${ref("x")}` in a table or value position becomes an identifier `__lf_js_0__`; an expression
 * holding a template literal (`${when(incremental(), `AND …`)}`) is a clause, which only a
 * comment can stand for; inside a quoted SQL string the placeholder stays inside the string.
 */
export function maskTemplates(text: string): Masked {
  const expressions: string[] = [];
  let out = "";
  let i = 0;
  let inString = false;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "'" ) inString = !inString;
    if (ch === "$" && text[i + 1] === "{") {
      const end = templateEnd(text, i);
      const expr = text.slice(i, end);
      const n = expressions.push(expr) - 1;
      out += inString ? `__lf_js_${n}__` : expr.includes("`") ? `/*__lf_js_${n}__*/` : `__lf_js_${n}__`;
      i = end;
      continue;
    }
    out += ch;
    i++;
  }
  const restore = (sql: string): string =>
    sql
      .replace(/\/\*\s*__lf_js_(\d+)__\s*\*\//g, (_m, n: string) => expressions[Number(n)] ?? "")
      .replace(/"?__lf_js_(\d+)__"?/gi, (_m, n: string) => expressions[Number(n)] ?? "");
  return { sql: out, restore, expressions };
}
