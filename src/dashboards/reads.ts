/** What lineage needs from the dashboards: which relations each one queries. */
import type { LineageDashboard } from "../lineage/types.js";
import type { GeneratedDashboard } from "./types.js";

export function dashboardReads(dashboards: readonly GeneratedDashboard[]): LineageDashboard[] {
  return dashboards.map((d) => ({ uid: d.uid, title: d.title, reads: d.reads }));
}
