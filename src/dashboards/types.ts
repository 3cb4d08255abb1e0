/** A generated dashboard plus what tests and lineage need to know about it. */
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import type { DashboardConfig } from "../compile/graph.js";
import type { TrinoFormat } from "./trino-query.js";

export interface PanelQuery {
  readonly panelId: number;
  readonly panelTitle: string;
  readonly refId: string;
  readonly rawSQL: string;
  readonly format: TrinoFormat;
  /** Graph relation keys the query reads (before any relation mapping). */
  readonly reads: readonly string[];
  /** Gold panels must return rows on a built project. */
  readonly expectRows: boolean;
}

export interface GeneratedDashboard {
  readonly uid: string;
  readonly title: string;
  /** File name under the output directory, e.g. `gold-risk.json`. */
  readonly fileName: string;
  readonly kind: "domain" | "pipeline-health";
  readonly dashboard: Dashboard;
  readonly queries: readonly PanelQuery[];
  /** Relation keys read by any panel or variable. */
  readonly reads: readonly string[];
}

/** Per-model dashboard settings: the SQLX `dashboard { … }` config (overridable by plan options). */
export type DashboardModelConfig = DashboardConfig;
