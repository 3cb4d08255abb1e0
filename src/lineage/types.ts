/**
 * The lineage model: a plain-data graph of what feeds what, from Kafka topics through bronze,
 * silver and gold to the assertions that check tables and the dashboards that read them.
 * Every output format (JSON, Mermaid, DOT, HTML, OpenLineage) is a function of this.
 */

export type LineageNodeKind =
  | "topic"
  /** an object-store prefix files are landed from (`source: files`) */
  | "files"
  | "source"
  | "table"
  | "view"
  | "incremental"
  | "operations"
  | "assertion"
  | "test"
  /** a reference table kept as CSV in seeds/ */
  | "seed"
  | "dashboard";

export type LineageEdgeKind =
  /** topic (or file prefix) → bronze table (the ingester), or → dead-letter table */
  | "ingests"
  | "dead-letters"
  /** a model reads a relation (ref/resolve) */
  | "feeds"
  /** an assertion or unit test checks a relation */
  | "checks"
  /** a dashboard queries a relation */
  | "reads";

export interface LineageColumn {
  readonly name: string;
  readonly type?: string | undefined;
  readonly description?: string | undefined;
}

export interface LineageNode {
  /** Stable id: a relation's `catalog.schema.table`, `topic:<name>`, `assertion:<key>`, `dashboard:<uid>`. */
  readonly id: string;
  readonly kind: LineageNodeKind;
  /** Short display name, e.g. `silver.dados_produtores_agro`. */
  readonly label: string;
  /** Medallion layer (bronze/silver/gold from the schema name) or `kafka`, `quality`, `grafana`. */
  readonly layer: string;
  /** Column for left-to-right drawing: the longest data path from a root (topics/sources are 0). */
  readonly rank: number;
  /** Graph action key, when the node is an action. */
  readonly action?: string | undefined;
  readonly file?: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: readonly string[] | undefined;
  readonly columns?: readonly LineageColumn[] | undefined;
}

export interface LineageEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: LineageEdgeKind;
}

export interface TableLineage {
  readonly project: string;
  /** Sorted by rank, then id. */
  readonly nodes: readonly LineageNode[];
  /** Sorted by from, to. */
  readonly edges: readonly LineageEdge[];
}

/** What lineage needs to know about a stream (a subset of the ingester's `StreamDecl`). */
export interface LineageStream {
  readonly name: string;
  /** the Kafka topic, or for a file landing its `s3://…` prefix */
  readonly topic: string;
  /** set for file landings (`source: files`): the object-store prefix */
  readonly location?: string | undefined;
  readonly file: string;
  readonly description?: string | undefined;
  /** `catalog.schema.table` of the bronze target. */
  readonly target: string;
  readonly deadLetter?: string | undefined;
  readonly columns: readonly LineageColumn[];
}

/** What lineage needs to know about a dashboard: which relations its panels query. */
export interface LineageDashboard {
  readonly uid: string;
  readonly title: string;
  /** Relation keys (`catalog.schema.table`, as in the graph). */
  readonly reads: readonly string[];
}
