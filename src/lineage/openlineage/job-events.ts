/**
 * OpenLineage JobEvents at compile time (`lakeform lineage --format openlineage`): one per
 * model, assertion and stream, with inputs, outputs, schema and (with `--columns`) column
 * lineage — the static lineage a catalog like Marquez shows before anything has run.
 */
import type { Action, Graph } from "../../compile/graph.js";
import type { ActionColumnLineage } from "../columns/types.js";
import type { TableLineage } from "../types.js";
import { actionDatasets, prefixDataset, relationDataset, topicDataset, type Namespaces } from "./datasets.js";
import { JOB_EVENT_SCHEMA, makeFacet, PRODUCER, type Facet, type OlJobEvent } from "./spec.js";

export interface JobEventsInput {
  readonly graph: Graph;
  readonly table: TableLineage;
  readonly columns?: ReadonlyMap<string, ActionColumnLineage> | undefined;
  readonly namespaces: Namespaces;
  readonly eventTime: string;
}

const JOB_TYPES: Partial<Record<Action["kind"], string>> = { table: "MODEL", view: "MODEL", incremental: "MODEL", operations: "COMMAND", assertion: "TEST", test: "TEST" };

export function jobFacets(a: Action): Record<string, Facet> {
  const facets: Record<string, Facet> = { jobType: makeFacet("jobType", { processingType: "BATCH", integration: "LAKEFORM", jobType: JOB_TYPES[a.kind] ?? "JOB" }) };
  const sql = "query" in a ? a.query : a.kind === "operations" ? a.queries.join(";\n") : undefined;
  if (sql) facets.sql = makeFacet("sql", { query: sql, dialect: "trino" });
  return facets;
}

export function jobEvents(input: JobEventsInput): OlJobEvent[] {
  const { graph, table, namespaces: ns, eventTime } = input;
  const events: OlJobEvent[] = [];
  for (const a of graph.actions) {
    if (a.kind === "declaration" || a.disabled) continue;
    const { inputs, outputs } = actionDatasets(a, graph, table, ns, input.columns);
    events.push({ eventTime, producer: PRODUCER, schemaURL: JOB_EVENT_SCHEMA, job: { namespace: ns.jobs, name: a.key, facets: jobFacets(a) }, inputs, outputs });
  }
  // The ingester is a job too: topic → bronze (and dead letters).
  for (const e of table.edges.filter((x) => x.kind === "ingests" || x.kind === "dead-letters")) {
    const files = e.from.startsWith("files:") ? e.from.slice("files:".length) : undefined;
    const topic = files ?? e.from.replace(/^topic:/, "");
    events.push({
      eventTime,
      producer: PRODUCER,
      schemaURL: JOB_EVENT_SCHEMA,
      job: { namespace: ns.jobs, name: `ingest.${topic}${e.kind === "dead-letters" ? ".dead_letter" : ""}`, facets: { jobType: makeFacet("jobType", { processingType: "STREAMING", integration: "LAKEFORM", jobType: "INGEST" }) } },
      inputs: [files ? prefixDataset(files) : topicDataset(topic, ns)],
      outputs: [relationDataset(e.to, table, ns)],
    });
  }
  return events;
}
