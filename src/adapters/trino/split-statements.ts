/**
 * A SQL script → its statements, split at `;` outside quotes and comments (Trino's client
 * protocol takes one statement per request). Comment-only pieces are dropped.
 */
export function splitStatements(script: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  const n = script.length;
  while (i < n) {
    const c = script[i];
    if (c === "'" || c === '"') {
      const end = script.indexOf(c, i + 1);
      // A doubled quote inside a literal is two adjacent quoted runs: the loop handles both.
      i = end < 0 ? n : end + 1;
    } else if (c === "-" && script[i + 1] === "-") {
      const end = script.indexOf("\n", i);
      i = end < 0 ? n : end + 1;
    } else if (c === "/" && script[i + 1] === "*") {
      const end = script.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
    } else if (c === ";") {
      out.push(script.slice(start, i));
      i += 1;
      start = i;
    } else i += 1;
  }
  out.push(script.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, "").trim().length > 0);
}
