/**
 * Step 4 of compile: graph-wide checks (duplicate targets, cycles) and the final typed actions.
 */

import type { MaintenancePolicy } from "../config/maintenance-policy.js";
import type { Diagnostic } from "../common/errors.js";
import { formatLocation } from "../common/errors.js";
import type { ProjectSettings } from "../config/project.js";
import { flattenColumns } from "./columns.js";
import { findCycles } from "./cycles.js";
import type { Action, DashboardConfig, Graph, OnSchemaChange, IcebergConfig, IcebergFormat } from "./graph.js";
import { locateRef } from "./locate-ref.js";
import type { Resolved } from "./resolve.js";
import { timeRangeOf, type TimeRangeInput } from "./time-range-config.js";

/** Errors in the time-range keys are reported by `checkTimeRanges`; here an invalid range is left out. */
function withTimeRange(c: TimeRangeInput, location: Diagnostic["location"], name: string): { timeRange?: NonNullable<ReturnType<typeof timeRangeOf>> } {
  const t = location ? timeRangeOf(c, location, name, []) : undefined;
  return t ? { timeRange: t } : {};
}
import { strategyFields } from "./strategy-config.js";

function list(v: string | readonly string[] | undefined): string[] {
  return v === undefined ? [] : typeof v === "string" ? [v] : [...v];
}

function iceberg(c: { iceberg?: { partitioning?: string[]; sortedBy?: string[]; format?: string; formatVersion?: number; location?: string; properties?: Record<string, string | number | boolean | string[]>; maintenance?: MaintenancePolicy | false } | undefined }): IcebergConfig {
  const i = c.iceberg;
  if (!i) return {};
  return {
    ...(i.partitioning ? { partitioning: i.partitioning } : {}),
    ...(i.sortedBy ? { sortedBy: i.sortedBy } : {}),
    ...(i.format ? { format: i.format.toUpperCase() as IcebergFormat } : {}),
    ...(i.formatVersion !== undefined ? { formatVersion: i.formatVersion } : {}),
    ...(i.location ? { location: i.location } : {}),
    ...(i.properties ? { properties: i.properties } : {}),
    ...(i.maintenance !== undefined ? { maintenance: i.maintenance } : {}),
  };
}

interface GovernanceConfig {
  readonly trino?: { readonly session?: Readonly<Record<string, string | number | boolean>> };
  readonly grants?: { readonly select?: readonly string[] };
}

function governance(c: GovernanceConfig): { session?: Record<string, string>; grants?: { select: string[] } } {
  const session = c.trino?.session;
  const select = c.grants?.select;
  return {
    ...(session && Object.keys(session).length ? { session: Object.fromEntries(Object.entries(session).map(([k, v]) => [k, String(v)])) } : {}),
    ...(select?.length ? { grants: { select: [...select] } } : {}),
  };
}

export function checkDuplicates(resolved: readonly Resolved[], diagnostics: Diagnostic[]): void {
  const first = new Map<string, Resolved>();
  for (const r of resolved) {
    // Trino folds names to lower case: `Orders` and `orders` are the same table.
    const key = r.p.key.toLowerCase();
    const seen = first.get(key);
    if (!seen) {
      first.set(key, r);
      continue;
    }
    diagnostics.push({
      severity: "error",
      code: "duplicate-target",
      message: `${r.p.cfg.kind === "test" ? "test" : "target"} ${r.p.key} is also defined at ${formatLocation(seen.p.draft.location)}`,
      location: r.p.draft.location,
      hint: "rename one of them (config { name: … }) or move it to another schema",
    });
  }
}

/** Adds dependencies on the assertions of dependencies (dependOnDependencyAssertions / includeDependentAssertions). */
export function addAssertionDependencies(resolved: readonly Resolved[]): void {
  const assertionsOf = new Map<string, string[]>();
  const add = (parent: string, assertion: string): void => void assertionsOf.set(parent, [...(assertionsOf.get(parent) ?? []), assertion]);
  for (const r of resolved) {
    const parent = r.p.draft.builtin?.parent;
    if (parent) add(parent, r.p.key);
    // As in Dataform, a hand-written assertion belongs to every action it reads or depends on.
    else if (r.p.cfg.kind === "assertion") for (const dep of r.deps.keys()) if (dep !== r.p.key) add(dep, r.p.key);
  }
  for (const r of resolved) {
    const c = r.p.cfg.c as { dependOnDependencyAssertions?: boolean };
    const all = c.dependOnDependencyAssertions === true;
    for (const [dep, origin] of [...r.deps]) {
      const perDep = origin.via === "config" && typeof origin.spec === "object" && (r.p.draft.config["dependencies"] !== undefined) && includesDependent(r.p.draft.config["dependencies"], origin.spec.name);
      if (!all && !perDep) continue;
      for (const a of assertionsOf.get(dep) ?? []) if (a !== r.p.key && !r.deps.has(a)) r.deps.set(a, { via: "dependency-assertion" });
    }
  }
}

function includesDependent(deps: unknown, name: string): boolean {
  const arr = Array.isArray(deps) ? deps : [deps];
  return arr.some((d) => typeof d === "object" && d !== null && (d as { name?: unknown }).name === name && (d as { includeDependentAssertions?: unknown }).includeDependentAssertions === true);
}

export function checkCycles(resolved: readonly Resolved[], texts: ReadonlyMap<string, string>, diagnostics: Diagnostic[]): void {
  const byKey = new Map(resolved.map((r) => [r.p.key, r]));
  const keys = [...byKey.keys()].sort();
  const successors = new Map(keys.map((k) => [k, [...(byKey.get(k)?.deps.keys() ?? [])].filter((d) => byKey.has(d))]));
  const cycles = findCycles(keys, (k) => successors.get(k) ?? []);
  for (const cycle of cycles) {
    const from = byKey.get(cycle[0] ?? "");
    if (!from) continue;
    const next = cycle[1] ?? cycle[0] ?? "";
    const origin = from.deps.get(next);
    const where =
      origin && (origin.via === "ref" || origin.via === "config")
        ? locateRef(from.p.draft.file, texts.get(from.p.draft.file), origin.spec, origin.via === "config" ? from.p.draft.configOffset : 0, from.p.draft.location, origin.via === "ref")
        : from.p.draft.location;
    const names = cycle.map((k) => byKey.get(k)?.p.canonicalTarget.name ?? k);
    diagnostics.push({
      severity: "error",
      code: "cycle",
      message: `dependency cycle: ${[...names, names[0]].join(" -> ")}`,
      location: where,
      hint: cycle.length === 1 ? "use self() to refer to the action's own table" : "remove one of these refs/dependencies",
    });
  }
}

export function toAction(r: Resolved): Action {
  const { p, out } = r;
  const c = p.cfg.c as { description?: string; hermetic?: boolean };
  const base = {
    key: p.key,
    target: p.target,
    canonicalTarget: p.canonicalTarget,
    sqlTarget: p.sqlTarget,
    file: p.draft.file,
    location: p.draft.location,
    tags: p.tags,
    ...(c.description !== undefined ? { description: c.description } : {}),
    dependencies: [...r.deps.keys()].sort(),
    disabled: p.disabled,
    ...(c.hermetic !== undefined ? { hermetic: c.hermetic } : {}),
    ...governance(p.cfg.c as GovernanceConfig),
  };
  const query = out.query ?? "";
  const dashboard = (p.cfg.c as { dashboard?: DashboardConfig }).dashboard;
  const docs = (columnsConfig: Parameters<typeof flattenColumns>[0]) => ({ columns: flattenColumns(columnsConfig), ...(dashboard ? { dashboard } : {}) });
  switch (p.cfg.kind) {
    case "table":
      return { kind: "table", ...base, query, preOps: out.preOps, postOps: out.postOps, ...docs(p.cfg.c.columns), iceberg: iceberg(p.cfg.c) };
    case "view":
      return { kind: "view", ...base, query, preOps: out.preOps, postOps: out.postOps, ...docs(p.cfg.c.columns) };
    case "incremental": {
      const i = p.cfg.c;
      return {
        kind: "incremental",
        ...base,
        query,
        incrementalQuery: out.incrementalQuery ?? query,
        preOps: out.preOps,
        postOps: out.postOps,
        incrementalPreOps: out.incrementalPreOps,
        incrementalPostOps: out.incrementalPostOps,
        ...docs(i.columns),
        uniqueKey: list(i.uniqueKey),
        protected: i.protected === true,
        onSchemaChange: (i.onSchemaChange?.toUpperCase() ?? "IGNORE") as OnSchemaChange,
        ...(i.updatePartitionFilter ? { updatePartitionFilter: i.updatePartitionFilter } : {}),
        incrementalPredicates: i.incrementalPredicates ?? [],
        ...(i.mergeUpdateColumns ? { mergeUpdateColumns: i.mergeUpdateColumns } : {}),
        ...(i.mergeExcludeColumns ? { mergeExcludeColumns: i.mergeExcludeColumns } : {}),
        ...(i.mergeChangeColumns !== undefined ? { mergeChangeColumns: i.mergeChangeColumns } : {}),
        iceberg: iceberg(i),
        ...withTimeRange(i, p.draft.location, p.canonicalTarget.name),
        ...strategyFields(i.incrementalStrategy, p.cfg.snapshot),
      };
    }
    case "operations":
      return { kind: "operations", ...base, queries: out.queries, hasOutput: p.cfg.c.hasOutput === true, columns: flattenColumns(p.cfg.c.columns) };
    case "assertion":
      return {
        kind: "assertion",
        ...base,
        query,
        severity: p.cfg.c.severity ?? "error",
        ...(p.draft.builtin ? { parent: p.draft.builtin.parent, builtin: p.draft.builtin.kind } : {}),
      };
    case "declaration":
      return { kind: "declaration", ...base, columns: flattenColumns(p.cfg.c.columns), ...(p.cfg.c.iceberg ? { iceberg: iceberg(p.cfg.c) } : {}), ...(p.draft.fromStream ? { stream: "topic" in p.draft.fromStream ? p.draft.fromStream.topic : p.draft.fromStream.location } : {}) };
    case "seed":
      return { kind: "seed", ...base, columns: flattenColumns(p.cfg.c.columns), seedColumns: p.draft.seed?.columns ?? [], rows: p.draft.seed?.rows ?? [], hash: p.draft.seed?.hash ?? "", iceberg: iceberg(p.cfg.c) };
    case "test":
      return { kind: "test", ...base, dataset: out.testDataset ?? "", inputs: out.testInputs, query: out.testQuery ?? "", expectedQuery: query };
  }
}

export function assembleGraph(settings: ProjectSettings, resolved: readonly Resolved[]): Graph {
  const seen = new Set<string>();
  const actions: Action[] = [];
  for (const r of resolved) {
    if (seen.has(r.p.key.toLowerCase())) continue; // duplicates are reported; keep the first
    seen.add(r.p.key.toLowerCase());
    actions.push(toAction(r));
  }
  actions.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { settings, actions };
}
