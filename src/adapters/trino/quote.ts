/**
 * Trino quoting. Identifiers are always double-quoted (embedded `"` doubled) so any name —
 * reserved words, dashes, injection attempts — is one identifier; literals are single-quoted
 * with `'` doubled. Trino folds quoted identifiers to lower case for Iceberg, so quoting never
 * changes which table a name means.
 */

import type { Target } from "../../common/target.js";
import type { SqlQuoting } from "../../common/sql-quoting.js";

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteTarget(t: Target): string {
  return `${quoteIdentifier(t.database)}.${quoteIdentifier(t.schema)}.${quoteIdentifier(t.name)}`;
}

export function quoteString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function quoteLiteral(value: string | number | boolean): string {
  if (typeof value === "string") return quoteString(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (!Number.isFinite(value)) throw new Error(`cannot render non-finite number ${value} as SQL`);
  return String(value);
}

export function quoteStringArray(values: readonly string[]): string {
  return `ARRAY[${values.map(quoteString).join(", ")}]`;
}

export const trinoQuoting: SqlQuoting = { quoteIdentifier, quoteTarget, quoteLiteral };
