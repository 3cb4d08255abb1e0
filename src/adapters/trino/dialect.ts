/**
 * The Trino dialect: every statement shape Lakeform executes, rendered through the
 * materialization templates. Pure: quoted/escaped values in, SQL text out. Anything user-named
 * (targets, columns, properties, durations, types) is quoted or validated here, never spliced.
 */

import type { IcebergConfig, IcebergPropertyValue } from "../../compile/graph.js";
import type { Dialect, StorableColumn } from "../../plan/dialect.js";
import { capabilitiesOf } from "./capabilities.js";
import { storableColumn } from "./column-storage.js";
import { checked, checkedType, stripStatement } from "./checks.js";
import type { Materializations } from "./materializations.js";
import * as support from "./support-sql.js";
import * as seeds from "./seed-sql.js";
import { trinoCapabilities } from "./capabilities.js";
import { intervalLogInsert, intervalLogRead, timestampLiteral } from "./interval-log-sql.js";
import { strategiesSql } from "./strategies-sql.js";
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

/** `CAST(s."c" AS type) AS "c"` where the column is cast, `s."c"` otherwise; none: `SELECT *` of the query as is. */
function stagedColumns(columns: readonly StorableColumn[] | undefined): string[] {
  if (!columns?.some((c) => c.ok && c.cast)) return [];
  return columns.map((c) => {
    const name = quoteIdentifier(c.name);
    return c.ok && c.cast ? `CAST(s.${name} AS ${checkedType(c.cast)}) AS ${name}` : `s.${name}`;
  });
}

export function createTrinoDialect(t: Materializations): Dialect {
  const q = quoteTarget;
  return {
    name: "trino",
    maxStatementLength: trinoCapabilities.maxStatementLength,
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
    ...strategiesSql(t),
    insert: (target, query, columns) => t.insert({ target: q(target), query: stripStatement(query), columns: (columns ?? []).map(quoteIdentifier) }),
    addColumn: (target, c) => t["add-column"]({ target: q(target), column: quoteIdentifier(c.name), type: checkedType(c.type) }),
    dropColumn: (target, c) => t["drop-column"]({ target: q(target), column: quoteIdentifier(c) }),
    setColumnType: (target, c) => t["set-column-type"]({ target: q(target), column: quoteIdentifier(c.name), type: checkedType(c.type) }),
    dropRelation: (target, relation) => t["drop-relation"]({ target: q(target), relation }),
    assertionCheck: (query) => t.assertion({ query: stripStatement(query) }),
    testDiff: (actual, expected) => t.test({ actual: stripStatement(actual), expected: stripStatement(expected) }),
    createStagingTable: (target, query, columns, comment) =>
      t["create-table"]({ target: q(target), query: stripStatement(query), columns: stagedColumns(columns), comment: comment ? quoteString(comment) : "" }),
    renameTable: (from, to) => t["rename-table"]({ from: q(from), to: q(to) }),
    catalogKinds: support.catalogKinds,
    capabilities: capabilitiesOf,
    storableColumn,
    sampleRows: support.sampleRows,
    latestSnapshotId: support.latestSnapshotId,
    queryColumns: support.queryColumns,
    existingSchemas: support.existingSchemas,
    relationsAndColumns: support.relationsAndColumns,
    createTableIfNotExists: support.createTableIfNotExists,
    insertJsonRows: support.insertJsonRows,
    validate: support.validate,
    seedRows: seeds.seedRows,
    tableComments: seeds.tableComments,
    commentOnTable: seeds.commentOnTable,
    grantSelect: seeds.grantSelect,
    commentOnColumn: seeds.commentOnColumn,
    columnComments: seeds.columnComments,
    ...(trinoCapabilities.grantsOnTables ? {} : { grantsUnsupported: "Trino's Iceberg connector (JDBC catalog) does not support GRANT on tables (capabilities.ts: grantsOnTables)" }),
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
    maintenanceStats: support.maintenanceStats,
    removeOrphanFiles: (target, retention = "7d") =>
      t["remove-orphan-files"]({ target: q(target), retentionThreshold: quoteString(checked(retention, DURATION, "retention threshold")) }),
  };
}
