/**
 * Dataform configs written for BigQuery, Snowflake or Redshift load unchanged: the warehouse
 * blocks and keys are taken out of the config before validation, mapped to their Trino/Iceberg
 * equivalent where one exists, and each one is reported as a warning that says what Lakeform did
 * with it. What remains is validated strictly, as any config.
 */

import type { Diagnostic, SourceLocation } from "../common/errors.js";
import type { ActionType } from "./config-schema.js";
import { mapBigQueryPartition } from "./partition-map.js";

type Config = Record<string, unknown>;

export interface ForeignResult {
  readonly config: Config;
  readonly diagnostics: readonly Diagnostic[];
}

function isObject(v: unknown): v is Config {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  if (typeof v === "string" && v.length > 0) return [v];
  return Array.isArray(v) && v.every((x) => typeof x === "string") ? (v as string[]) : undefined;
}

const MIGRATE_HINT = "`lakeform migrate` rewrites it as an iceberg { } block";
/** Keys a Dataform v3 BigQuery config may have at the top level (v2 nests them in `bigquery { }`). */
const BIGQUERY_KEYS = ["partitionBy", "clusterBy", "labels", "partitionExpirationDays", "requirePartitionFilter", "additionalOptions", "reservation"] as const;

export function translateForeignConfig(kind: ActionType, raw: Config, locate: (key: string) => SourceLocation): ForeignResult {
  const c: Config = { ...raw };
  const diagnostics: Diagnostic[] = [];
  const stores = kind === "table" || kind === "incremental";
  const warn = (key: string, message: string, hint?: string): void => {
    diagnostics.push({ severity: "warning", code: "foreign-config", message, location: locate(key), ...(hint ? { hint } : {}) });
  };
  const partitioning: string[] = [];
  const sortedBy: string[] = [];
  const labels: Record<string, string> = {};

  const bigqueryKey = (key: string, value: unknown, shown: string): void => {
    switch (key) {
      case "partitionBy": {
        if (!stores) return warn(key, `${shown} is ignored: a ${kind} has no storage to partition`);
        if (typeof value !== "string") return warn(key, `${shown} is ignored: expected a string`);
        const m = mapBigQueryPartition(value);
        if ("transform" in m) {
          partitioning.push(m.transform);
          return warn(key, `${shown} "${value}" is mapped to iceberg.partitioning ["${m.transform}"]`, MIGRATE_HINT);
        }
        return warn(key, `${shown} "${value}" is ignored: ${m.reason}`, 'set iceberg: { partitioning: ["day(ts)"] } by hand');
      }
      case "clusterBy": {
        const cols = strings(value);
        if (!stores || !cols) return warn(key, `${shown} is ignored${stores ? ": expected a list of columns" : `: a ${kind} has no storage to cluster`}`);
        sortedBy.push(...cols);
        // Iceberg's sort order clusters rows inside each data file: the closest thing to clustering.
        return warn(key, `${shown} ${JSON.stringify(cols)} is mapped to iceberg.sortedBy`, MIGRATE_HINT);
      }
      case "labels":
        if (!isObject(value)) return warn(key, `${shown} is ignored: expected an object`);
        for (const [k, v] of Object.entries(value)) labels[k] = String(v);
        return warn(key, `${shown} are kept in the table comment (Trino has no labels; Iceberg's extra properties need a catalog allow-list)`);
      case "updatePartitionFilter":
        if (kind !== "incremental") return warn(key, `${shown} is ignored: only incremental tables are merged`);
        if (typeof value === "string" && c["updatePartitionFilter"] === undefined) c["updatePartitionFilter"] = value;
        return warn(key, `${shown} is kept as updatePartitionFilter (added to the MERGE's ON clause; the target's alias is t)`);
      case "requirePartitionFilter":
        return warn(key, `${shown} is ignored: Trino cannot require a partition filter on queries`);
      case "partitionExpirationDays":
        return warn(key, `${shown} is ignored: Iceberg does not expire partitions; delete old rows with a scheduled operation`);
      default:
        return warn(key, `${shown} is ignored: a BigQuery option with no Trino equivalent`);
    }
  };

  const bigquery = c["bigquery"];
  if (bigquery !== undefined) {
    delete c["bigquery"];
    if (isObject(bigquery)) for (const [k, v] of Object.entries(bigquery)) bigqueryKey(k, v, `bigquery.${k}`);
    else warn("bigquery", "bigquery is ignored: expected an object");
  }
  for (const k of BIGQUERY_KEYS) {
    if (!(k in c)) continue;
    const v = c[k];
    delete c[k];
    bigqueryKey(k, v, k);
  }

  const redshift = c["redshift"];
  if (redshift !== undefined) {
    delete c["redshift"];
    const sortKeys = isObject(redshift) ? strings(redshift["sortKeys"]) : undefined;
    if (sortKeys && stores) {
      sortedBy.push(...sortKeys);
      warn("redshift", `redshift.sortKeys ${JSON.stringify(sortKeys)} are mapped to iceberg.sortedBy; the other redshift options (distKey, distStyle, sortStyle, bind) are ignored`, MIGRATE_HINT);
    } else warn("redshift", "redshift { } is ignored: distribution and sort styles have no Trino equivalent");
  }
  const snowflake = c["snowflake"];
  if (snowflake !== undefined) {
    delete c["snowflake"];
    const clusterBy = isObject(snowflake) ? strings(snowflake["clusterBy"]) : undefined;
    if (clusterBy && stores) {
      sortedBy.push(...clusterBy);
      warn("snowflake", `snowflake.clusterBy ${JSON.stringify(clusterBy)} is mapped to iceberg.sortedBy; secure and transient are ignored`, MIGRATE_HINT);
    } else warn("snowflake", "snowflake { } is ignored: secure/transient have no Trino equivalent");
  }
  if (c["sqldatawarehouse"] !== undefined) {
    delete c["sqldatawarehouse"];
    warn("sqldatawarehouse", "sqldatawarehouse { } is ignored: Azure distribution options have no Trino equivalent");
  }
  if (c["materialized"] !== undefined) {
    const on = c["materialized"] === true;
    delete c["materialized"];
    if (on) warn("materialized", `materialized: true is ignored: the Iceberg JDBC catalog has no materialized views, so "${kind}" stays a plain view`, 'use type: "table" to store the result');
  }

  const existing = isObject(c["iceberg"]) ? (c["iceberg"] as Config) : undefined;
  const iceberg: Config = existing ? { ...existing } : {};
  const bigLake = ["bucketName", "tableFolderRoot", "tableFolderSubpath", "connection", "fileFormat"].filter((k) => k in iceberg);
  if (bigLake.length) {
    // Dataform v3's `iceberg { }` describes BigLake tables; only the file format carries over.
    const format = iceberg["fileFormat"];
    for (const k of bigLake) delete iceberg[k];
    if (typeof format === "string" && iceberg["format"] === undefined) iceberg["format"] = format.toUpperCase();
    warn("iceberg", `BigLake Iceberg options ${bigLake.join(", ")} are ignored (the table lives in the Trino catalog's warehouse)${typeof format === "string" ? `; fileFormat is kept as format` : ""}`);
  }
  if (partitioning.length) {
    if (iceberg["partitioning"] === undefined) iceberg["partitioning"] = partitioning;
    else warn("partitionBy", "iceberg.partitioning is also set: it wins over the mapped partitionBy");
  }
  if (sortedBy.length) {
    if (iceberg["sortedBy"] === undefined) iceberg["sortedBy"] = sortedBy;
    else warn("clusterBy", "iceberg.sortedBy is also set: it wins over the mapped clusterBy");
  }
  if (existing || Object.keys(iceberg).length) c["iceberg"] = iceberg;
  const labelText = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(", ");
  if (labelText) {
    const d = typeof c["description"] === "string" ? (c["description"] as string) : "";
    c["description"] = d ? `${d}\nlabels: ${labelText}` : `labels: ${labelText}`;
  }
  return { config: c, diagnostics };
}
