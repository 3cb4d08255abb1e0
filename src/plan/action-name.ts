/**
 * `--actions` names: `name`, `schema.name` or `catalog.schema.name`, where a part may be
 * double-quoted the SQL way (`silver."a.b"`, `"it's ""odd"""`) so names containing dots or
 * quotes can be selected. Pure.
 */

export type ParsedActionName = { readonly parts: readonly string[]; readonly quoted: boolean } | { readonly error: string };

export function parseActionName(pattern: string): ParsedActionName {
  const parts: string[] = [];
  let quoted = false;
  let i = 0;
  for (;;) {
    let part = "";
    if (pattern[i] === '"') {
      quoted = true;
      i++;
      for (;;) {
        if (i >= pattern.length) return { error: `unterminated quote in "${pattern}"` };
        if (pattern[i] === '"') {
          if (pattern[i + 1] !== '"') break;
          i++;
        }
        part += pattern[i];
        i++;
      }
      i++; // closing quote
      if (i < pattern.length && pattern[i] !== ".") return { error: `expected "." after the quoted part "${part}" in ${pattern}` };
    } else {
      const end = pattern.indexOf(".", i);
      part = pattern.slice(i, end < 0 ? pattern.length : end);
      if (part.includes('"')) return { error: `a quote must enclose a whole part: ${pattern}` };
      i += part.length;
    }
    parts.push(part);
    if (i >= pattern.length) break;
    i++; // the dot
  }
  if (parts.some((p) => p === "")) return { error: `empty part in "${pattern}"` };
  return { parts, quoted };
}

/** Splits a comma-separated `--actions` value, keeping commas inside quotes. */
export function splitActionList(value: string): string[] {
  const out: string[] = [];
  let current = "";
  let inQuote = false;
  for (const c of value) {
    if (c === '"') inQuote = !inQuote;
    if (c === "," && !inQuote) {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}
