/**
 * OpenLineage datasets and facets for Lakeform actions. Naming follows OpenLineage's
 * conventions: Trino tables are `trino://host:port` + `catalog.schema.table`, Kafka topics are
 * `kafka://broker:port` + the topic name.
 */
import type { Action, Graph } from "../../compile/graph.js";
import type { ActionColumnLineage } from "../columns/types.js";
import type { LineageColumn, TableLineage } from "../types.js";
import { makeFacet, type Facet, type OlDataset } from "./spec.js";

export interface Namespaces {
  /** Job namespace, e.g. the project name or `lakeform`. */
  readonly jobs: string;
  /** e.g. `trino://127.0.0.1:8080` */
  readonly trino: string;
  /** e.g. `kafka://127.0.0.1:9092` */
  readonly kafka: string;
}

export function trinoNamespace(url: string): string {
  try {
    const u = new URL(url);
    return `trino://${u.hostname}:${u.port || (u.protocol === "https:" ? "443" : "8080")}`;
  } catch {
    return "trino://localhost:8080";
  }
}

function schemaFacet(columns: readonly LineageColumn[] | undefined): Facet | undefined {
  if (!columns?.length) return undefined;
  return makeFacet("schema", {
    fields: columns.map((c, i) => ({ name: c.name, ...(c.type ? { type: c.type } : {}), ...(c.description ? { description: c.description } : {}), ordinal_position: i + 1 })),
  });
}

/** Columns for a relation: from the lineage node (docs, stream columns). */
function columnsOf(table: TableLineage, key: string): readonly LineageColumn[] | undefined {
  return table.nodes.find((n) => n.id === key)?.columns;
}

export function relationDataset(key: string, table: TableLineage, ns: Namespaces, extra: Readonly<Record<string, Facet>> = {}): OlDataset {
  const schema = schemaFacet(columnsOf(table, key));
  const facets: Record<string, Facet> = { dataSource: makeFacet("dataSource", { name: ns.trino, uri: ns.trino }), ...extra };
  if (schema) facets.schema = schema;
  return { namespace: ns.trino, name: key, facets };
}

export function topicDataset(topic: string, ns: Namespaces): OlDataset {
  return { namespace: ns.kafka, name: topic, facets: { dataSource: makeFacet("dataSource", { name: ns.kafka, uri: ns.kafka }) } };
}

/** An object-store prefix (OpenLineage's naming: namespace `s3://bucket`, name the path). */
export function prefixDataset(uri: string): OlDataset {
  const m = /^(s3:\/\/[^/]+)\/?(.*)$/.exec(uri);
  const namespace = m?.[1] ?? uri;
  return { namespace, name: m?.[2] || "/", facets: { dataSource: makeFacet("dataSource", { name: namespace, uri: namespace }) } };
}

export function columnLineageFacet(l: ActionColumnLineage, ns: Namespaces): Facet {
  const fields: Record<string, unknown> = {};
  for (const [column, inputs] of Object.entries(l.columns)) {
    fields[column] = {
      inputFields: inputs.map((i) => ({
        namespace: ns.trino,
        name: i.table,
        field: i.column,
        transformations: [{ type: "DIRECT", subtype: i.subtype, ...(i.expression ? { description: i.expression } : {}), masking: false }],
      })),
    };
  }
  const dataset = l.dataset.map((i) => ({ namespace: ns.trino, name: i.table, field: i.column, transformations: [{ type: "INDIRECT", subtype: i.subtype, masking: false }] }));
  return makeFacet("columnLineage", { fields, ...(dataset.length ? { dataset } : {}) });
}

/** Inputs and outputs of an action as OpenLineage datasets. */
export function actionDatasets(a: Action, graph: Graph, table: TableLineage, ns: Namespaces, columns?: ReadonlyMap<string, ActionColumnLineage>): { inputs: OlDataset[]; outputs: OlDataset[] } {
  const known = new Set(graph.actions.map((x) => x.key));
  const inputs = a.dependencies.filter((d) => known.has(d)).map((d) => relationDataset(d, table, ns));
  const writes = a.kind === "table" || a.kind === "view" || a.kind === "incremental" || (a.kind === "operations" && a.hasOutput);
  const col = columns?.get(a.key);
  const outputs = writes ? [relationDataset(a.key, table, ns, col ? { columnLineage: columnLineageFacet(col, ns) } : {})] : [];
  return { inputs, outputs };
}
