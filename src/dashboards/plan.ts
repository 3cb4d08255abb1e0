/**
 * `planDashboards`: graph (+ streams) in, Grafana dashboards out. Pure and deterministic: one
 * dashboard per gold domain and one pipeline-health dashboard.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Action, Graph, Target } from "../compile/graph.js";
import { layerOfSchema } from "../lineage/layers.js";
import type { LineageStream } from "../lineage/types.js";
import { domainDashboard, type DomainModel } from "./gold-domain.js";
import { defaultDashboardOptions, type DashboardOptions } from "./options.js";
import { pipelineHealthDashboard, type HealthTable } from "./pipeline-health.js";
import type { DashboardModelConfig, GeneratedDashboard } from "./types.js";

export interface PlanDashboardsInput {
  readonly streams?: readonly LineageStream[];
  readonly options?: Partial<DashboardOptions>;
  /** Per-model settings by action key, over each model's own `dashboard { … }` config. */
  readonly models?: Readonly<Record<string, DashboardModelConfig>>;
}

type Model = Extract<Action, { kind: "table" | "view" | "incremental" }>;

function isModel(a: Action): a is Model {
  return (a.kind === "table" || a.kind === "view" || a.kind === "incremental") && !a.disabled;
}

/** A model's domain: its config, else its folder under the layer (definitions/gold/<domain>/…), else its name. */
function domainOf(a: Model, config: DashboardModelConfig): string {
  if (config.domain) return config.domain;
  const parts = a.file.split("/");
  const at = parts.findIndex((p) => layerOfSchema(p) === layerOfSchema(a.canonicalTarget.schema));
  if (at >= 0 && parts.length - at > 2) return parts[at + 1] ?? a.canonicalTarget.name;
  return a.canonicalTarget.name.replace(/_features?(_agro)?$|_agro$/i, "") || a.canonicalTarget.name;
}

function keyToTarget(key: string): Target {
  const [database = "", schema = "", ...rest] = key.split(".");
  return { database, schema, name: rest.join(".") };
}

/**
 * Checks each model's `dashboard { … }` config against the model: the columns it names must be
 * documented in `columns {}` (dashboards are built from the documented columns and their types).
 */
export function dashboardConfigDiagnostics(graph: Graph): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const a of graph.actions.filter(isModel)) {
    const c = a.dashboard;
    if (!c) continue;
    const documented = new Set(a.columns.filter((col) => col.path.length === 1).map((col) => col.path[0]));
    const named: [string, string][] = [
      ...(c.time ? [["time", c.time] as [string, string]] : []),
      ...(["dimensions", "measures", "rates", "series"] as const).flatMap((k) => (c[k] ?? []).map((col) => [k, col] as [string, string])),
      ...(c.seriesBy ? [["seriesBy", c.seriesBy] as [string, string]] : []),
    ];
    for (const [key, col] of named) {
      if (documented.has(col)) continue;
      out.push({
        severity: "error",
        code: "dashboard-unknown-column",
        message: `${a.canonicalTarget.name}: dashboard.${key} names "${col}", which is not a documented column`,
        location: a.location,
        hint: documented.size ? `documented columns: ${[...documented].join(", ")}` : "document the model's columns in columns { } (name: type and description)",
      });
    }
  }
  return out;
}

export function planDashboards(graph: Graph, input: PlanDashboardsInput = {}): GeneratedDashboard[] {
  const opts: DashboardOptions = { ...defaultDashboardOptions(graph.settings.defaultDatabase), ...input.options };
  const models = graph.actions.filter(isModel);
  const gold = layerOfSchema(opts.goldLayer);

  const domains = new Map<string, DomainModel[]>();
  for (const a of models) {
    const config: DashboardModelConfig = { ...a.dashboard, ...input.models?.[a.key] };
    if (config.exclude || layerOfSchema(a.canonicalTarget.schema) !== gold) continue;
    const d = domainOf(a, config);
    domains.set(d, [...(domains.get(d) ?? []), { action: a, config }]);
  }
  const out = [...domains.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([d, ms]) => domainDashboard(d, ms, opts));

  const streamTables = (input.streams ?? []).filter((s) => !s.location).map((s) => ({ key: s.target, target: keyToTarget(s.target), layer: layerOfSchema(keyToTarget(s.target).schema), topic: s.topic }));
  const fileTables = (input.streams ?? []).flatMap((s) => (s.location ? [{ key: s.target, target: keyToTarget(s.target), layer: layerOfSchema(keyToTarget(s.target).schema), location: s.location, deadLetter: s.deadLetter ? { key: s.deadLetter, target: keyToTarget(s.deadLetter) } : undefined }] : []));
  // Views have no snapshots or files; only Iceberg tables Lakeform (or the ingester) writes.
  // Tables outside the project's catalog (e.g. served to PostgreSQL) have no Iceberg `$snapshots`/`$files`.
  const written: HealthTable[] = models.filter((a) => a.kind !== "view" && a.target.database === graph.settings.defaultDatabase).map((a) => ({ key: a.key, target: a.target, layer: layerOfSchema(a.canonicalTarget.schema) }));
  const landed = [...streamTables, ...fileTables];
  const tables = [...landed.map(({ key, target, layer }) => ({ key, target, layer })), ...written.filter((t) => !landed.some((s) => s.key === t.key))];
  out.push(pipelineHealthDashboard({ tables, streamTables, fileTables }, opts));
  return out;
}
