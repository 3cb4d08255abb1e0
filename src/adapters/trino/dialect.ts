/**
 * The Trino dialect: every statement shape Lakeform executes, rendered through the
 * materialization templates. Pure: quoted/escaped values in, SQL text out. Anything user-named
 * (targets, columns, properties, durations, types) is quoted or validated here, never spliced.
 */

import type { IcebergConfig, IcebergPropertyValue } from "../../compile/graph.js";
import type { Dialect } from "../../plan/dialect.js";
import { checked, checkedType, stripStatement } from "./checks.js";
import type { Materializations } from "./materializations.js";
import * as support from "./support-sql.js";
import { intervalLogInsert, intervalLogRead, timestampLiteral } from "./interval-log-sql.js";
import { quoteIdentifier, quoteLiteral, quoteString, quoteStringArray, quoteTarget } from "./quote.js";

const DATA_SIZE = /^\d+(\.\d+)?\s*(B|kB|KB|MB|GB|TB|PB)$/;
const DURATION = /^\d+(\.\d+)?\s*(ns|us|ms|s|m|h|d)$/;
const PROPERTY = /^[a-z_][a-z0-9_]*$/;

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

export { stripStatement } from "./checks.js";

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
    addColumn: (target, c) => t["add-column"]({ target: q(target), column: quoteIdentifier(c.name), type: checkedType(c.type) }),
    dropColumn: (target, c) => t["drop-column"]({ target: q(target), column: quoteIdentifier(c) }),
    setColumnType: (target, c) => t["set-column-type"]({ target: q(target), column: quoteIdentifier(c.name), type: checkedType(c.type) }),
    dropRelation: (target, relation) => t["drop-relation"]({ target: q(target), relation }),
    assertionCheck: (query) => t.assertion({ query: stripStatement(query) }),
    testDiff: (actual, expected) => t.test({ actual: stripStatement(actual), expected: stripStatement(expected) }),
    sampleRows: support.sampleRows,
    latestSnapshotId: support.latestSnapshotId,
    queryColumns: support.queryColumns,
    existingSchemas: support.existingSchemas,
    relationsAndColumns: support.relationsAndColumns,
    createTableIfNotExists: support.createTableIfNotExists,
    insertJsonRows: support.insertJsonRows,
    validate: support.validate,
    timestampLiteral,
    timeRangeMerge: (m) =>
      t["time-range-merge"]({
        target: q(m.target),
        query: stripStatement(m.query),
        timeColumn: quoteIdentifier(m.timeColumn),
        start: timestampLiteral(m.start),
        end: timestampLiteral(m.end),
        columns: m.columns.map(quoteIdentifier),
      }),
    timeRangeCreate: (c) =>
      t["time-range-create"]({
        target: q(c.target),
        query: stripStatement(c.query),
        properties: icebergProperties(c.iceberg),
        comment: c.comment ? quoteString(c.comment) : "",
        timeColumn: quoteIdentifier(c.timeColumn),
        start: timestampLiteral(c.start),
        end: timestampLiteral(c.end),
        replace: c.replace,
        empty: c.empty,
      }),
    intervalLogInsert,
    intervalLogRead,
    optimize: (target, threshold = "128MB") => t.optimize({ target: q(target), fileSizeThreshold: quoteString(checked(threshold, DATA_SIZE, "file size threshold")) }),
    expireSnapshots: (target, retention = "7d") =>
      t["expire-snapshots"]({ target: q(target), retentionThreshold: quoteString(checked(retention, DURATION, "retention threshold")) }),
    removeOrphanFiles: (target, retention = "7d") =>
      t["remove-orphan-files"]({ target: q(target), retentionThreshold: quoteString(checked(retention, DURATION, "retention threshold")) }),
  };
}
