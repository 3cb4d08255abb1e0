/** What a generated dashboard points at. Parametric so tests can aim it at a fixture schema. */
import { quoteIdentifier } from "../adapters/trino/quote.js";
import type { Target } from "../common/target.js";

export interface RelationName {
  readonly catalog: string;
  readonly schema: string;
  readonly table: string;
}

export interface DashboardOptions {
  /** Grafana data source uid (provisioned as `lakeform-trino` in infra/grafana). */
  readonly datasourceUid: string;
  /** Where each graph relation is queried; identity by default. */
  readonly relation: (t: Target) => RelationName;
  /** Where the runner writes its run log (`runs`, `action_runs`, `assertion_results`). */
  readonly runLog: { readonly catalog: string; readonly schema: string };
  /** Schema/name of the layer whose models get domain dashboards. */
  readonly goldLayer: string;
  /** Default time range of every dashboard. */
  readonly timeFrom: string;
  /** Prefix of every dashboard uid (Grafana allows 40 characters). */
  readonly uidPrefix: string;
}

export const TRINO_DATASOURCE_TYPE = "trino-datasource";

export function defaultDashboardOptions(catalog: string): DashboardOptions {
  return {
    datasourceUid: "lakeform-trino",
    relation: (t) => ({ catalog: t.database, schema: t.schema, table: t.name }),
    runLog: { catalog, schema: "lakeform" },
    goldLayer: "gold",
    timeFrom: "now-7d",
    uidPrefix: "lf",
  };
}

export function sqlName(r: RelationName, suffix = ""): string {
  return `${quoteIdentifier(r.catalog)}.${quoteIdentifier(r.schema)}.${quoteIdentifier(`${r.table}${suffix}`)}`;
}
