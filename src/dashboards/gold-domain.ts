/**
 * One dashboard per gold domain. For each model: headline stats (row count, average of every
 * rate), a time series over its business time column, "by <dimension>" bar charts, and a
 * table of the top rows. Low-cardinality dimensions become multi-value template variables
 * that filter every panel of the models that have that column.
 */
import { DashboardBuilder, QueryVariableBuilder, RowBuilder, VariableRefresh, VariableSort } from "@grafana/grafana-foundation-sdk/dashboard";
import type { Action } from "../compile/graph.js";
import { classifyColumn, isBookkeepingTime, type ClassifiedColumn } from "./column-roles.js";
import { Grid } from "./grid.js";
import { quoteIdentifier as quoteIdent } from "../adapters/trino/quote.js";
import { sqlName, TRINO_DATASOURCE_TYPE, type DashboardOptions } from "./options.js";
import { barChartPanel, statPanel, tablePanel, timeSeriesPanel } from "./panels.js";
import { TABLE, TIME_SERIES } from "./trino-query.js";
import type { DashboardModelConfig, GeneratedDashboard, PanelQuery } from "./types.js";
import { dashboardUid, slug } from "./uid.js";
import { seriesPanels } from "./series-panels.js";

export interface DomainModel {
  readonly action: Extract<Action, { kind: "table" | "view" | "incremental" }>;
  readonly config: DashboardModelConfig;
}

const MAX_VARIABLES = 4;
const MAX_DIMENSION_CHARTS = 3;
const MAX_RATE_STATS = 4;

function classified(m: DomainModel): ClassifiedColumn[] {
  const cols = m.action.columns.filter((c) => c.path.length === 1).map((c) => classifyColumn({ name: c.path[0] ?? "", type: c.type, description: c.description }));
  const force = (names: readonly string[] | undefined, role: ClassifiedColumn["role"]) => {
    const set = new Set(names ?? []);
    for (let i = 0; i < cols.length; i++) if (set.has(cols[i]!.name)) cols[i] = { ...cols[i]!, role };
  };
  force(m.config.dimensions, "dimension");
  force(m.config.measures, "measure");
  force(m.config.rates, "rate");
  return cols;
}

function timeColumn(m: DomainModel, cols: readonly ClassifiedColumn[]): ClassifiedColumn | undefined {
  if (m.config.time) return cols.find((c) => c.name === m.config.time);
  // A rebuilt feature table stamps every row with the same build time: no series to plot.
  return cols.find((c) => c.role === "time" && !isBookkeepingTime(c.name));
}

const label = (name: string) => name.replace(/_/g, " ");

export function domainDashboard(domain: string, models: readonly DomainModel[], opts: DashboardOptions): GeneratedDashboard {
  const title = models.length === 1 && models[0]?.config.title ? models[0].config.title : `Gold · ${label(domain)}`;
  const uid = dashboardUid(opts.uidPrefix, `gold-${domain}`);
  const builder = new DashboardBuilder(title)
    .uid(uid)
    .tags(["lakeform", "gold", domain])
    .description(models.map((m) => `${m.action.target.schema}.${m.action.target.name}: ${m.action.description ?? ""}`).join("\n"))
    .time({ from: opts.timeFrom, to: "now" })
    .timezone("browser")
    .refresh("5m")
    .editable();
  const grid = new Grid();
  const queries: PanelQuery[] = [];
  let nextId = 1;
  const ds = opts.datasourceUid;
  const perModel = models.map((m) => ({ m, cols: classified(m), rel: sqlName(opts.relation(m.action.target)) }));

  // Variables: dimensions shared across the domain's models filter all of them.
  const variables: { name: string; column: string; source: string }[] = [];
  for (const { cols, rel } of perModel) {
    for (const c of cols.filter((x) => x.role === "dimension")) {
      if (variables.length >= MAX_VARIABLES || variables.some((v) => v.column === c.name)) continue;
      variables.push({ name: c.name, column: c.name, source: rel });
    }
  }
  for (const v of variables) {
    const q = `SELECT DISTINCT ${quoteIdent(v.column)} FROM ${v.source} WHERE ${quoteIdent(v.column)} IS NOT NULL ORDER BY 1`;
    builder.withVariable(
      new QueryVariableBuilder(v.name)
        .label(label(v.column))
        .datasource({ type: TRINO_DATASOURCE_TYPE, uid: ds })
        .query(q)
        .definition(q)
        .multi(true)
        .includeAll(true)
        .current({ text: "All", value: "$__all", selected: true })
        .refresh(VariableRefresh.OnDashboardLoad)
        .sort(VariableSort.AlphabeticalAsc),
    );
  }

  for (const { m, cols, rel } of perModel) {
    const key = m.action.key;
    const has = new Set(cols.map((c) => c.name));
    const filters = variables.filter((v) => has.has(v.column)).map((v) => `${quoteIdent(v.column)} IN (\${${v.name}:sqlstring})`);
    const where = (extra: string[] = []) => {
      const all = [...extra, ...filters];
      return all.length ? `\nWHERE ${all.join("\n  AND ")}` : "";
    };
    const add = (panelTitle: string, sql: string, format: 0 | 1) => {
      queries.push({ panelId: nextId, panelTitle, refId: "A", rawSQL: sql, format, reads: [key], expectRows: true });
      return { sql, format };
    };
    const name = `${m.action.target.schema}.${m.action.target.name}`;
    builder.withRow(new RowBuilder(m.config.title ?? name).id(nextId++).gridPos(grid.row()));

    const rates = cols.filter((c) => c.role === "rate").slice(0, MAX_RATE_STATS);
    const stats = [{ title: "Linhas", sql: `SELECT count(*) AS linhas FROM ${rel}${where()}`, unit: "short", description: `Rows in ${name}` }];
    for (const r of rates) stats.push({ title: label(r.name), sql: `SELECT avg(${quoteIdent(r.name)}) AS ${quoteIdent(r.name)} FROM ${rel}${where()}`, unit: "percentunit", description: r.description ?? "" });
    const widths = Grid.split(stats.length, 4);
    stats.forEach((s, i) => {
      builder.withPanel(statPanel({ id: nextId, title: s.title, description: s.description, gridPos: grid.place(widths[i] ?? 6, 4), datasourceUid: ds, unit: s.unit, queries: [add(s.title, s.sql, TABLE)] }));
      nextId++;
    });

    const measures = cols.filter((c) => c.role === "measure" || c.role === "count");
    const firstMeasure = measures[0];
    const time = timeColumn(m, cols);
    if (time) {
      const t = quoteIdent(time.name);
      const extra = firstMeasure ? `,\n  avg(${quoteIdent(firstMeasure.name)}) AS ${quoteIdent(firstMeasure.name)}` : "";
      const sql = `SELECT $__timeGroup(${t}, '1h') AS "time",\n  count(*) AS linhas${extra}\nFROM ${rel}${where([`$__timeFilter(${t})`])}\nGROUP BY 1\nORDER BY 1`;
      const title = `${name} por ${label(time.name)}`;
      builder.withPanel(timeSeriesPanel({ id: nextId, title, description: time.description, gridPos: grid.place(24, 8), datasourceUid: ds, queries: [add(title, sql, TIME_SERIES)] }));
      nextId++;
    }

    if (time && m.config.series?.length) nextId = seriesPanels({ config: m.config, columns: m.action.columns, time: time.name, rel, where, add, builder, grid, ds, nextId });

    const dims = cols.filter((c) => c.role === "dimension").slice(0, MAX_DIMENSION_CHARTS);
    const dimWidths = Grid.split(dims.length, 8);
    dims.forEach((d, i) => {
      const c = quoteIdent(d.name);
      const extra = firstMeasure ? `,\n  avg(${quoteIdent(firstMeasure.name)}) AS ${quoteIdent(firstMeasure.name)}` : "";
      const sql = `SELECT coalesce(CAST(${c} AS varchar), '(nulo)') AS ${c},\n  count(*) AS linhas${extra}\nFROM ${rel}${where()}\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT 25`;
      const title = `Por ${label(d.name)}`;
      builder.withPanel(barChartPanel({ id: nextId, title, description: d.description, gridPos: grid.place(dimWidths[i] ?? 8, 8), datasourceUid: ds, xField: d.name, queries: [add(title, sql, TABLE)] }));
      nextId++;
    });

    const order = firstMeasure ? `\nORDER BY ${quoteIdent(firstMeasure.name)} DESC NULLS LAST` : "";
    const tableSql = `SELECT *\nFROM ${rel}${where()}${order}\nLIMIT 100`;
    builder.withPanel(tablePanel({ id: nextId, title: `${name} (top 100)`, description: m.action.description, gridPos: grid.place(24, 10), datasourceUid: ds, queries: [add(`${name} table`, tableSql, TABLE)] }));
    nextId++;
  }

  const reads = [...new Set(models.map((m) => m.action.key))].sort();
  return { uid, title, fileName: `gold-${slug(domain)}.json`, kind: "domain", dashboard: builder.build(), queries, reads };
}
