/**
 * A query of Grafana's Trino data source plugin (`trino-datasource`): `rawSQL` with the
 * plugin's macros (`$__timeFilter(col)`, `$__timeGroup(col, '1h')`) and `format`
 * 0 = time series, 1 = table. The foundation SDK has no Trino builder, so this is one.
 */
import type * as cog from "@grafana/grafana-foundation-sdk/cog";
import { TRINO_DATASOURCE_TYPE } from "./options.js";

export type TrinoFormat = 0 | 1;
export const TIME_SERIES: TrinoFormat = 0;
export const TABLE: TrinoFormat = 1;

export interface TrinoQuery extends cog.Dataquery {
  readonly refId: string;
  readonly rawSQL: string;
  readonly format: TrinoFormat;
  readonly datasource: { readonly type: string; readonly uid: string };
}

export class TrinoQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly query: { refId: string; rawSQL: string; format: TrinoFormat; datasource: { type: string; uid: string } };
  constructor(datasourceUid: string, rawSQL: string, format: TrinoFormat, refId = "A") {
    this.query = { refId, rawSQL, format, datasource: { type: TRINO_DATASOURCE_TYPE, uid: datasourceUid } };
  }

  build(): TrinoQuery {
    // The SDK's Dataquery marker is a method; it is not serialised to JSON.
    return { ...this.query, _implementsDataqueryVariant: () => undefined };
  }
}
