/**
 * The Trino dialect: every statement shape Lakeform executes, rendered through the
 * materialization templates. Pure: quoted/escaped values in, SQL text out. Anything user-named
 * (targets, columns, properties, durations, types) is quoted or validated here, never spliced.
 */

import type { IcebergConfig, IcebergPropertyValue, Target } from "../../compile/graph.js";
import type { SqlQuoting } from "../../compile/sql-quoting.js";
import type { Materializations } from "./materializations.js";
import { quoteIdentifier, quoteLiteral, quoteString, quoteStringArray, quoteTarget } from "./quote.js";

export interface Column {
  readonly name: string;
  readonly type: string;
}

export interface MergeSpec {
  readonly target: Target;
  readonly query: string;
  readonly uniqueKey: readonly string[];
  /** Inserted columns (all of the source's). */
  readonly columns: readonly string[];
  /** Updated columns when a row matched (columns minus the key, after include/exclude). */
  readonly updateColumns: readonly string[];
  /** Columns compared by the change guard (WHEN MATCHED AND …); empty: no guard. */
  readonly changeColumns: readonly string[];
  /** Target-pruning predicates (alias `t` = target, `s` = source), ANDed into ON. */
  readonly predicates: readonly string[];
}

export interface Dialect extends SqlQuoting {
  readonly name: "trino";
  createSchema(database: string, schema: string, location?: string): string;
  createTableAs(target: Target, query: string, iceberg: IcebergConfig, comment?: string): string;
  createView(target: Target, query: string, comment?: string): string;
  merge(spec: MergeSpec): string;
  insert(target: Target, query: string, columns?: readonly string[]): string;
  addColumn(target: Target, column: Column): string;
  dropColumn(target: Target, column: string): string;
  setColumnType(target: Target, column: Column): string;
  dropRelation(target: Target, relation: "TABLE" | "VIEW"): string;
  /** Counts the rows an assertion query returns; the assertion passes at 0. */
  assertionCheck(query: string): string;
  /** Counts rows in which a unit test's actual and expected outputs differ (as multisets). */
  testDiff(actual: string, expected: string): string;
  optimize(target: Target, fileSizeThreshold?: string): string;
  expireSnapshots(target: Target, retentionThreshold?: string): string;
  removeOrphanFiles(target: Target, retentionThreshold?: string): string;
  /** Removes what Trino rejects around a user statement: surrounding blanks and trailing `;`. */
  statement(sql: string): string;
}

const DATA_SIZE = /^\d+(\.\d+)?\s*(B|kB|KB|MB|GB|TB|PB)$/;
const DURATION = /^\d+(\.\d+)?\s*(ns|us|ms|s|m|h|d)$/;
// Trino type names: letters, digits, spaces, parentheses, commas, and quoted row field names.
const TYPE = /^[A-Za-z][A-Za-z0-9_ (),]*(?:"[^"]*"[A-Za-z0-9_ (),]*)*$/;
const PROPERTY = /^[a-z_][a-z0-9_]*$/;

function checked(value: string, re: RegExp, what: string): string {
  if (!re.test(value.trim())) throw new Error(`invalid ${what}: ${JSON.stringify(value)}`);
  return value.trim();
}

function propertyValue(v: IcebergPropertyValue): string {
  return Array.isArray(v) ? quoteStringArray(v) : quoteLiteral(v as string | number | boolean);
}

/** `WITH (...)` entries in a fixed order so output is deterministic. */
export function icebergProperties(i: IcebergConfig): string[] {
  const out: string[] = [];
  if (i.format) out.push(`format = ${quoteString(i.format)}`);
  if (i.formatVersion !== undefined) out.push(`format_version = ${quoteLiteral(i.formatVersion)}`);
  if (i.partitioning?.length) out.push(`partitioning = ${quoteStringArray(i.partitioning)}`);
  if (i.sortedBy?.length) out.push(`sorted_by = ${quoteStringArray(i.sortedBy)}`);
  if (i.location) out.push(`location = ${quoteString(i.location)}`);
  for (const key of Object.keys(i.properties ?? {}).sort()) {
    const v = i.properties?.[key];
    if (v === undefined) continue;
    out.push(`${checked(key, PROPERTY, "table property name")} = ${propertyValue(v)}`);
  }
  return out;
}

export function stripStatement(sql: string): string {
  return sql.trim().replace(/(;\s*)+$/, "").trim();
}

export function createTrinoDialect(t: Materializations): Dialect {
  const q = quoteTarget;
  return {
    name: "trino",
    quoteIdentifier,
    quoteTarget,
    quoteLiteral,
    statement: stripStatement,
    createSchema: (database, schema, location) =>
      t["create-schema"]({ schema: `${quoteIdentifier(database)}.${quoteIdentifier(schema)}`, location: location ? quoteString(location) : "" }),
    createTableAs: (target, query, iceberg, comment) =>
      t.table({ target: q(target), query: stripStatement(query), properties: icebergProperties(iceberg), comment: comment ? quoteString(comment) : "" }),
    createView: (target, query, comment) => t.view({ target: q(target), query: stripStatement(query), comment: comment ? quoteString(comment) : "" }),
    merge: (m) => {
      const on = [...m.uniqueKey.map((k) => `t.${quoteIdentifier(k)} = s.${quoteIdentifier(k)}`), ...m.predicates.map((p) => `(${stripStatement(p)})`)];
      return t.merge({
        target: q(m.target),
        query: stripStatement(m.query),
        on,
        updateColumns: m.updateColumns.map(quoteIdentifier),
        changeColumns: m.changeColumns.map(quoteIdentifier),
        insertColumns: m.columns.map(quoteIdentifier),
      });
    },
    insert: (target, query, columns) => t.insert({ target: q(target), query: stripStatement(query), columns: (columns ?? []).map(quoteIdentifier) }),
    addColumn: (target, c) => t["add-column"]({ target: q(target), column: quoteIdentifier(c.name), type: checked(c.type, TYPE, "column type") }),
    dropColumn: (target, c) => t["drop-column"]({ target: q(target), column: quoteIdentifier(c) }),
    setColumnType: (target, c) => t["set-column-type"]({ target: q(target), column: quoteIdentifier(c.name), type: checked(c.type, TYPE, "column type") }),
    dropRelation: (target, relation) => t["drop-relation"]({ target: q(target), relation }),
    assertionCheck: (query) => t.assertion({ query: stripStatement(query) }),
    testDiff: (actual, expected) => t.test({ actual: stripStatement(actual), expected: stripStatement(expected) }),
    optimize: (target, threshold = "128MB") => t.optimize({ target: q(target), fileSizeThreshold: quoteString(checked(threshold, DATA_SIZE, "file size threshold")) }),
    expireSnapshots: (target, retention = "7d") =>
      t["expire-snapshots"]({ target: q(target), retentionThreshold: quoteString(checked(retention, DURATION, "retention threshold")) }),
    removeOrphanFiles: (target, retention = "7d") =>
      t["remove-orphan-files"]({ target: q(target), retentionThreshold: quoteString(checked(retention, DURATION, "retention threshold")) }),
  };
}
