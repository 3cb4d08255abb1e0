/**
 * A model's `dashboard { series: [...], seriesBy: "..." }`: one time-series panel per measure,
 * averaged per `$__timeGroup` bucket, with one line per value of `seriesBy` (long format: the
 * Trino data source turns the string column into one series per value). The panel follows the
 * dashboard's template variables like every other panel of the model.
 */
import type { DashboardBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import { quoteIdentifier as quoteIdent } from "../adapters/trino/quote.js";
import type { DashboardModelConfig } from "./types.js";
import type { Grid } from "./grid.js";
import { timeSeriesPanel } from "./panels.js";
import { TIME_SERIES } from "./trino-query.js";

interface SeriesContext {
  readonly config: DashboardModelConfig;
  readonly columns: readonly { readonly path: readonly string[]; readonly description?: string | undefined }[];
  readonly time: string;
  readonly rel: string;
  readonly where: (extra?: string[]) => string;
  readonly add: (title: string, sql: string, format: 0 | 1) => { sql: string; format: 0 | 1 };
  readonly builder: DashboardBuilder;
  readonly grid: Grid;
  readonly ds: string;
  readonly nextId: number;
}

/** Adds the panels; returns the next free panel id. */
export function seriesPanels(c: SeriesContext): number {
  let id = c.nextId;
  const t = quoteIdent(c.time);
  const by = c.config.seriesBy;
  const docs = new Map(c.columns.map((col) => [col.path.join("."), col.description]));
  for (const measure of c.config.series ?? []) {
    const col = quoteIdent(measure);
    const select = by ? `$__timeGroup(${t}, '1h') AS "time",\n  ${quoteIdent(by)},\n  avg(${col}) AS ${col}` : `$__timeGroup(${t}, '1h') AS "time",\n  avg(${col}) AS ${col}`;
    const sql = `SELECT ${select}\nFROM ${c.rel}${c.where([`$__timeFilter(${t})`])}\nGROUP BY ${by ? "1, 2" : "1"}\nORDER BY 1`;
    const title = `${measure.replace(/_/g, " ")}${by ? ` por ${by.replace(/_/g, " ")}` : ""}`;
    c.builder.withPanel(timeSeriesPanel({ id, title, description: docs.get(measure), gridPos: c.grid.place(24, 8), datasourceUid: c.ds, queries: [c.add(title, sql, TIME_SERIES)] }));
    id++;
  }
  return id;
}
