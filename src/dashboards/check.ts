/**
 * Runs every query of generated dashboards on Trino the way Grafana would: variable queries
 * first (all their values selected, like "All"), then each panel's SQL with variables and the
 * Trino plugin's macros expanded. `lakeform dashboards --check` and the integration tests use it.
 */
import type { TrinoClient } from "../adapters/trino/client.js";
import { expandQuery, type QueryContext } from "./macros.js";
import type { GeneratedDashboard } from "./types.js";

export interface QueryCheck {
  readonly dashboard: string;
  readonly panelId: number;
  readonly panelTitle: string;
  readonly sql: string;
  readonly ok: boolean;
  readonly rows: number;
  readonly expectRows: boolean;
  readonly error?: string | undefined;
}

interface VariableLike {
  readonly type?: string;
  readonly name?: string;
  readonly query?: unknown;
}

function variables(d: GeneratedDashboard): { name: string; sql: string }[] {
  const list = (d.dashboard.templating?.list ?? []) as readonly VariableLike[];
  return list.filter((v) => v.type === "query" && typeof v.query === "string" && v.name).map((v) => ({ name: v.name as string, sql: v.query as string }));
}

export async function checkDashboards(client: TrinoClient, dashboards: readonly GeneratedDashboard[], range: { from: Date; to: Date }): Promise<QueryCheck[]> {
  const out: QueryCheck[] = [];
  for (const d of dashboards) {
    const values: Record<string, string[]> = {};
    for (const v of variables(d)) {
      try {
        const r = await client.query(expandQuery(v.sql, { ...range, variables: values }));
        values[v.name] = r.rows.map((row) => String(row[0]));
        out.push({ dashboard: d.uid, panelId: 0, panelTitle: `variable $${v.name}`, sql: v.sql, ok: true, rows: r.rows.length, expectRows: false });
      } catch (e) {
        values[v.name] = [];
        out.push({ dashboard: d.uid, panelId: 0, panelTitle: `variable $${v.name}`, sql: v.sql, ok: false, rows: 0, expectRows: false, error: e instanceof Error ? e.message : String(e) });
      }
    }
    // A variable with no values would make `IN ()` invalid SQL; Grafana sends an empty string.
    const ctx: QueryContext = { ...range, variables: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.length ? v : [""]])) };
    for (const q of d.queries) {
      let sql = q.rawSQL;
      try {
        sql = expandQuery(q.rawSQL, ctx);
        const r = await client.query(sql);
        out.push({ dashboard: d.uid, panelId: q.panelId, panelTitle: q.panelTitle, sql, ok: true, rows: r.rows.length, expectRows: q.expectRows });
      } catch (e) {
        out.push({ dashboard: d.uid, panelId: q.panelId, panelTitle: q.panelTitle, sql, ok: false, rows: 0, expectRows: q.expectRows, error: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return out;
}
