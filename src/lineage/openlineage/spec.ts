/**
 * OpenLineage wire types and the spec versions Lakeform emits (core 2-0-2; facet versions as
 * vendored in tests/schemas/openlineage, which the tests validate every event against).
 */

export const PRODUCER = "urn:lakeform:0.1.0";
const CORE = "https://openlineage.io/spec/2-0-2/OpenLineage.json";
export const RUN_EVENT_SCHEMA = `${CORE}#/$defs/RunEvent`;
export const JOB_EVENT_SCHEMA = `${CORE}#/$defs/JobEvent`;

const facet = (name: string, version: string) => `https://openlineage.io/spec/facets/${version}/${name}.json#/$defs/${name}`;
export const FACET_SCHEMAS = {
  schema: facet("SchemaDatasetFacet", "1-2-0"),
  columnLineage: facet("ColumnLineageDatasetFacet", "1-2-0"),
  dataSource: facet("DatasourceDatasetFacet", "1-0-1"),
  jobType: facet("JobTypeJobFacet", "2-0-3"),
  sql: facet("SQLJobFacet", "1-1-0"),
  errorMessage: facet("ErrorMessageRunFacet", "1-0-1"),
  outputStatistics: facet("OutputStatisticsOutputDatasetFacet", "1-0-2"),
  processingEngine: facet("ProcessingEngineRunFacet", "1-1-1"),
  parent: facet("ParentRunFacet", "1-1-0"),
} as const;

export type Facet = { readonly _producer: string; readonly _schemaURL: string } & Readonly<Record<string, unknown>>;
export type Facets = Readonly<Record<string, Facet>>;

export function makeFacet(kind: keyof typeof FACET_SCHEMAS, body: Readonly<Record<string, unknown>>): Facet {
  return { _producer: PRODUCER, _schemaURL: FACET_SCHEMAS[kind], ...body };
}

export interface OlDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: Facets;
  readonly outputFacets?: Facets;
}

export interface OlJob {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: Facets;
}

export interface OlJobEvent {
  readonly eventTime: string;
  readonly producer: string;
  readonly schemaURL: string;
  readonly job: OlJob;
  readonly inputs: readonly OlDataset[];
  readonly outputs: readonly OlDataset[];
}

export type OlEventType = "START" | "RUNNING" | "COMPLETE" | "ABORT" | "FAIL" | "OTHER";

export interface OlRunEvent extends OlJobEvent {
  readonly eventType: OlEventType;
  readonly run: { readonly runId: string; readonly facets?: Facets };
}
