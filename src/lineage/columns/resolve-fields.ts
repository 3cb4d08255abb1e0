/**
 * Maps the parser's input fields to relation keys. Compiled SQL names every relation as
 * `"catalog"."schema"."table"`, so a field whose "table" has no dots is really a ROW field read
 * as `row_column.field` (the parser cannot tell `t.col` from `col.field` without a schema):
 * it becomes `<relation>.<row_column.field>` on the upstream relation that has that column.
 */
import type { FieldRef } from "./types.js";

export interface Upstream {
  readonly key: string;
  /** Documented top-level column names, lower case (may be empty when undocumented). */
  readonly columns: ReadonlySet<string>;
}

export interface Resolved extends FieldRef {
  readonly ambiguous?: boolean;
}

export function resolveField(name: string, field: string, upstream: readonly Upstream[]): Resolved {
  const lower = name.toLowerCase();
  if (upstream.some((u) => u.key === name) || lower.split(".").length >= 3) return { table: name, column: field };
  const owners = upstream.filter((u) => u.columns.has(lower));
  const only = upstream.length === 1 ? upstream[0] : undefined;
  const owner = owners.length === 1 ? owners[0] : only;
  if (owner) return { table: owner.key, column: `${name}.${field}` };
  const first = owners[0] ?? upstream[0];
  if (first) return { table: first.key, column: `${name}.${field}`, ambiguous: true };
  return { table: name, column: field };
}
