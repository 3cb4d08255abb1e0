/** Iceberg table maintenance: compaction and snapshot expiry for the tables Lakeform builds. */

import type { Dialect } from "./dialect.js";
import type { Action } from "../compile/graph.js";
import type { RenderedStatement } from "./render-types.js";

export interface MaintenanceOptions {
  /** Files smaller than this are rewritten by `optimize`; default `128MB`. */
  readonly fileSizeThreshold?: string;
  /** Snapshots older than this are expired; default `7d`. */
  readonly retentionThreshold?: string;
  /** Also remove orphan files older than the retention threshold. */
  readonly removeOrphanFiles?: boolean;
}

export function renderMaintenance(d: Dialect, a: Action, o: MaintenanceOptions = {}): RenderedStatement[] {
  if (a.kind !== "table" && a.kind !== "incremental") return [];
  const out: RenderedStatement[] = [
    { role: "maintenance", sql: d.optimize(a.target, o.fileSizeThreshold) },
    { role: "maintenance", sql: d.expireSnapshots(a.target, o.retentionThreshold) },
  ];
  if (o.removeOrphanFiles) out.push({ role: "maintenance", sql: d.removeOrphanFiles(a.target, o.retentionThreshold) });
  return out;
}
