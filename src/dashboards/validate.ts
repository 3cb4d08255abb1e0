/**
 * Project rules a generated dashboard must follow beyond Grafana's JSON schema: unique panel
 * ids, unique refIds per panel, panels inside the 24-column grid without overlapping, every
 * `$var` used by a query defined, uid within Grafana's 40 characters, Trino targets only.
 */
import type { Dashboard, Panel, RowPanel } from "@grafana/grafana-foundation-sdk/dashboard";
import { GRID_WIDTH } from "./grid.js";
import { TRINO_DATASOURCE_TYPE } from "./options.js";

type AnyPanel = Panel | RowPanel;

const BUILTIN_VARIABLES = new Set(["__interval", "__interval_ms", "__range", "__range_s", "__range_ms", "__rate_interval", "__from", "__to", "__dashboard", "__user", "__org", "timeFilter", "__timeFilter"]);

function usedVariables(sql: string): string[] {
  const names = new Set<string>();
  for (const m of sql.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\}/g)) names.add(m[1] ?? "");
  // `$name` outside quoted identifiers such as "t$snapshots".
  for (const m of sql.replace(/"[^"]*"/g, '""').matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) if (!(m[1] ?? "").startsWith("__")) names.add(m[1] ?? "");
  return [...names];
}

export function validateDashboard(d: Dashboard): string[] {
  const problems: string[] = [];
  const panels = (d.panels ?? []) as AnyPanel[];
  if (!d.uid || d.uid.length > 40 || !/^[A-Za-z0-9_-]+$/.test(d.uid)) problems.push(`uid "${d.uid}" must be 1–40 characters of [A-Za-z0-9_-]`);
  const defined = new Set(((d.templating?.list ?? []) as { name?: string }[]).map((v) => v.name ?? ""));
  const ids = new Map<number, string>();
  const boxes: { title: string; x: number; y: number; w: number; h: number }[] = [];
  for (const p of panels) {
    const title = p.title ?? `(panel ${p.id})`;
    if (typeof p.id !== "number") problems.push(`${title}: no id`);
    else if (ids.has(p.id)) problems.push(`${title}: id ${p.id} also used by ${ids.get(p.id)}`);
    else ids.set(p.id, title);
    const g = p.gridPos;
    if (!g) problems.push(`${title}: no gridPos`);
    else {
      if (g.x < 0 || g.y < 0 || g.w < 1 || g.h < 1 || g.x + g.w > GRID_WIDTH) problems.push(`${title}: gridPos ${JSON.stringify(g)} is outside the 24-column grid`);
      for (const b of boxes) if (g.x < b.x + b.w && b.x < g.x + g.w && g.y < b.y + b.h && b.y < g.y + g.h) problems.push(`${title} overlaps ${b.title}`);
      boxes.push({ title, ...g });
    }
    if (p.type === "row") continue;
    const targets = ((p as Panel).targets ?? []) as { refId?: string; rawSQL?: string; datasource?: { type?: string } }[];
    if (targets.length === 0) problems.push(`${title}: no queries`);
    const refIds = new Set<string>();
    for (const t of targets) {
      if (!t.refId) problems.push(`${title}: a query has no refId`);
      else if (refIds.has(t.refId)) problems.push(`${title}: refId ${t.refId} used twice`);
      else refIds.add(t.refId);
      if (t.datasource?.type !== TRINO_DATASOURCE_TYPE) problems.push(`${title}: query ${t.refId} is not a ${TRINO_DATASOURCE_TYPE} query`);
      if (!t.rawSQL?.trim()) problems.push(`${title}: query ${t.refId} has no SQL`);
      for (const v of usedVariables(t.rawSQL ?? "")) if (!defined.has(v) && !BUILTIN_VARIABLES.has(v)) problems.push(`${title}: query ${t.refId} uses undefined variable $${v}`);
    }
  }
  return problems;
}
