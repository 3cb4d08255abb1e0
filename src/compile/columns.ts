/** Flattens Dataform's nested column docs (`columns: { a: "…", b: { columns: { c: "…" } } }`). */

import type { ColumnDocInput } from "./config-schema.js";
import type { ColumnDoc } from "./graph.js";

export function flattenColumns(columns: Record<string, string | ColumnDocInput> | undefined, prefix: readonly string[] = []): ColumnDoc[] {
  const out: ColumnDoc[] = [];
  for (const [name, doc] of Object.entries(columns ?? {})) {
    const path = [...prefix, name];
    if (typeof doc === "string") {
      out.push({ path, description: doc });
      continue;
    }
    const tags = doc.tags === undefined ? undefined : typeof doc.tags === "string" ? [doc.tags] : doc.tags;
    out.push({
      path,
      ...(doc.description !== undefined ? { description: doc.description } : {}),
      ...(doc.type !== undefined ? { type: doc.type } : {}),
      ...(tags ? { tags } : {}),
    });
    out.push(...flattenColumns(doc.columns, path));
  }
  return out;
}
