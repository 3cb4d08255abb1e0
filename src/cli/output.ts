/** stdout/stderr formatting shared by commands (the only layer that prints). */

/** JSON with bigint written as a number literal when safe, otherwise as a string. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? (Number.isSafeInteger(Number(v)) ? Number(v) : v.toString()) : v), 2);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${toJson(value)}\n`);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "object") return toJson(v).replace(/\s+/g, " ");
  return String(v);
}

/** A plain-text table like the Trino CLI's. */
export function formatTable(headers: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const text = rows.map((r) => headers.map((_, i) => cellText(r[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => ` ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")}`.trimEnd();
  const sep = `-${widths.map((w) => "-".repeat(w)).join("-+-")}-`;
  return [line(headers), sep, ...text.map(line), `(${rows.length} row${rows.length === 1 ? "" : "s"})`].join("\n");
}

export const isTty = (): boolean => Boolean(process.stdout.isTTY);

export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}
