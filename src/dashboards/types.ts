/** A generated dashboard plus what tests and lineage need to know about it. */
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
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

/**
 * Per-model dashboard settings. Today they come from the plan options (the SQLX `dashboard {…}`
 * config key is not in the compiler's schema yet); everything is derived when absent.
 */
export interface DashboardModelConfig {
  /** Models with the same domain share a dashboard (default: the model's own name). */
  readonly domain?: string;
  readonly title?: string;
  readonly exclude?: boolean;
  /** Column for the time-series panel. */
  readonly time?: string;
  /** Columns offered as template variables and "by X" charts. */
  readonly dimensions?: readonly string[];
  readonly measures?: readonly string[];
  readonly rates?: readonly string[];
}
