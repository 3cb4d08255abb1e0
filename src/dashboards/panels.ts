/**
 * The few panel shapes Lakeform generates, built with the foundation SDK. Each takes its grid
 * position and its Trino queries; ids and refIds are assigned by the caller.
 */
import * as barchart from "@grafana/grafana-foundation-sdk/barchart";
import * as common from "@grafana/grafana-foundation-sdk/common";
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import type { GridPos, Panel } from "@grafana/grafana-foundation-sdk/dashboard";
import * as stat from "@grafana/grafana-foundation-sdk/stat";
import * as table from "@grafana/grafana-foundation-sdk/table";
import * as timeseries from "@grafana/grafana-foundation-sdk/timeseries";
import { TRINO_DATASOURCE_TYPE } from "./options.js";
import { TrinoQueryBuilder, type TrinoFormat } from "./trino-query.js";

export interface PanelSpec {
  readonly id: number;
  readonly title: string;
  readonly description?: string | undefined;
  readonly gridPos: GridPos;
  readonly datasourceUid: string;
  readonly queries: readonly { readonly sql: string; readonly format: TrinoFormat }[];
  readonly unit?: string | undefined;
}

const REF_IDS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function targets(s: PanelSpec): cog.Builder<cog.Dataquery>[] {
  return s.queries.map((q, i) => new TrinoQueryBuilder(s.datasourceUid, q.sql, q.format, REF_IDS[i] ?? `Q${i}`));
}

function common_<B extends { id(n: number): B; title(t: string): B; gridPos(g: GridPos): B; datasource(d: common.DataSourceRef): B; targets(t: cog.Builder<cog.Dataquery>[]): B; description(d: string): B; unit(u: string): B }>(b: B, s: PanelSpec): B {
  let out = b.id(s.id).title(s.title).gridPos(s.gridPos).datasource({ type: TRINO_DATASOURCE_TYPE, uid: s.datasourceUid }).targets(targets(s));
  if (s.description) out = out.description(s.description);
  if (s.unit) out = out.unit(s.unit);
  return out;
}

export function statPanel(s: PanelSpec): cog.Builder<Panel> {
  const b = new stat.PanelBuilder()
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(["lastNotNull"]).values(false));
  return common_(b, s);
}

export function timeSeriesPanel(s: PanelSpec): cog.Builder<Panel> {
  const b = new timeseries.PanelBuilder()
    .lineWidth(2)
    .fillOpacity(10)
    .showPoints(common.VisibilityMode.Auto)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom));
  return common_(b, s);
}

export function barChartPanel(s: PanelSpec & { readonly xField: string }): cog.Builder<Panel> {
  const b = new barchart.PanelBuilder()
    .xField(s.xField)
    .orientation(common.VizOrientation.Horizontal)
    .showValue(common.VisibilityMode.Auto)
    .legend(new common.VizLegendOptionsBuilder().showLegend(true).displayMode(common.LegendDisplayMode.List).placement(common.LegendPlacement.Bottom));
  return common_(b, s);
}

export function tablePanel(s: PanelSpec): cog.Builder<Panel> {
  return common_(new table.PanelBuilder().showHeader(true), s);
}
