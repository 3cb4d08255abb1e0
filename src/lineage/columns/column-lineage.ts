/**
 * Column lineage of each model, from its compiled SQL (the full-build query: incremental
 * MERGEs read the same columns, and the `self()` filter of the incremental query is not a
 * dependency). Computed on demand and cached by SQL hash; `lakeform compile` never calls this.
 */
import { createHash } from "node:crypto";
import type { Action, Graph } from "../../compile/graph.js";
import { rawIndirectLineage } from "./indirect.js";
import { aggregatedColumns, parseStatements, PARSER_ID } from "./polyglot.js";
import { traceFields } from "./trace-fields.js";
import { resolveField, type Upstream } from "./resolve-fields.js";
import type { ActionColumnLineage, DirectInput, DirectSubtype, IndirectInput } from "./types.js";

/** Bump when the analysis changes so stale cache entries are ignored. */
const ANALYSIS_VERSION = "5";

export interface ColumnLineageCache {
  get(key: string): ActionColumnLineage | undefined;
  set(key: string, value: ActionColumnLineage): void;
}

export const noCache: ColumnLineageCache = { get: () => undefined, set: () => undefined };

type QueryAction = Extract<Action, { query: string; columns: unknown }>;

function isModel(a: Action): a is QueryAction & { kind: "table" | "view" | "incremental" } {
  return a.kind === "table" || a.kind === "view" || a.kind === "incremental";
}

export interface KnownColumn {
  readonly name: string;
  readonly type?: string | undefined;
}

/** Top-level documented columns (nested docs `a.b` describe fields of ROW column `a`). */
function documentedColumns(a: Action | undefined): KnownColumn[] {
  if (!a || !("columns" in a)) return [];
  return a.columns.filter((c) => c.path.length === 1).map((c) => ({ name: c.path[0] ?? "", type: c.type }));
}

function upstreamOf(a: Action, index: ReadonlyMap<string, Action>, extra: ReadonlyMap<string, readonly KnownColumn[]>): Map<string, KnownColumn[]> {
  const out = new Map<string, KnownColumn[]>();
  for (const key of a.dependencies) {
    const byName = new Map<string, KnownColumn>();
    for (const c of [...documentedColumns(index.get(key)), ...(extra.get(key) ?? [])]) byName.set(c.name.toLowerCase(), { name: c.name.toLowerCase(), type: c.type ?? byName.get(c.name.toLowerCase())?.type });
    out.set(key, [...byName.values()]);
  }
  return out;
}

function asUpstream(cols: ReadonlyMap<string, readonly KnownColumn[]>): Upstream[] {
  return [...cols.entries()].map(([key, list]) => ({ key, columns: new Set(list.map((c) => c.name)) }));
}

function directSubtype(s: string): DirectSubtype {
  return s === "IDENTITY" || s === "AGGREGATION" ? s : "TRANSFORMATION";
}

/** The SQL, its inputs and the upstream columns it was analysed with (a new column can change a star). */
export function cacheKey(a: Action & { query: string }, relations: ReadonlyMap<string, readonly KnownColumn[]>): string {
  const cols = [...relations.entries()].map(([k, v]) => `${k}:${v.map((c) => `${c.name} ${c.type ?? ""}`).join(",")}`).join(";");
  return createHash("sha256").update(`${PARSER_ID}\u0000${ANALYSIS_VERSION}\u0000${a.key}\u0000${cols}\u0000${a.query}`).digest("hex");
}

/** Column lineage of one model given the upstream relations' known columns. */
export function analyzeModel(a: QueryAction, relations: ReadonlyMap<string, readonly KnownColumn[]>): ActionColumnLineage {
  const warnings: string[] = [];
  const upstream = asUpstream(relations);
  const direct = traceFields(a.query, relations);
  if ("error" in direct) return { action: a.key, columns: {}, dataset: [], warnings: [`cannot parse the query: ${direct.error}`] };
  warnings.push(...direct.warnings);
  const columns: Record<string, DirectInput[]> = {};
  const unaggregated = [...direct.fields.entries()].filter(([, inputs]) => inputs.length > 0 && inputs.every((f) => f.subtype !== "AGGREGATION")).map(([c]) => c);
  const aggregated = aggregatedColumns(a.query, unaggregated);
  for (const [column, inputs] of [...direct.fields.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    columns[column] = inputs.map((f) => {
      const r = resolveField(f.name, f.field, upstream);
      if (r.ambiguous) warnings.push(`${column}: "${f.name}.${f.field}" could be a ROW field of several inputs; attributed to ${r.table}`);
      const subtype = aggregated.has(column) ? "AGGREGATION" : directSubtype(f.subtype);
      return { table: r.table, column: r.column, subtype, expression: f.description };
    });
  }
  const dataset: IndirectInput[] = [];
  const parsed = parseStatements(a.query);
  if ("ast" in parsed && parsed.ast[0] !== undefined) {
    const ind = rawIndirectLineage(parsed.ast[0], relations);
    warnings.push(...ind.warnings);
    const seen = new Set<string>();
    for (const f of ind.inputs) {
      const r = resolveField(f.name, f.field, upstream);
      const k = `${r.table}\u0000${r.column}\u0000${f.indirect}`;
      if (seen.has(k)) continue;
      seen.add(k);
      dataset.push({ table: r.table, column: r.column, subtype: f.indirect });
    }
  }
  return { action: a.key, columns, dataset, warnings };
}

export interface GraphColumnLineageOptions {
  readonly cache?: ColumnLineageCache;
  /** Known columns of relations outside the docs, e.g. stream bronze tables. */
  readonly knownColumns?: ReadonlyMap<string, readonly KnownColumn[]>;
  /** Only these action keys (default: every model). */
  readonly only?: ReadonlySet<string>;
}

export function graphColumnLineage(graph: Graph, options: GraphColumnLineageOptions = {}): Map<string, ActionColumnLineage> {
  const cache = options.cache ?? noCache;
  const index = new Map(graph.actions.map((a) => [a.key, a]));
  const out = new Map<string, ActionColumnLineage>();
  for (const a of graph.actions) {
    if (!isModel(a) || a.disabled || (options.only && !options.only.has(a.key))) continue;
    const relations = upstreamOf(a, index, options.knownColumns ?? new Map());
    const key = cacheKey(a, relations);
    let result = cache.get(key);
    if (!result) {
      result = analyzeModel(a, relations);
      cache.set(key, result);
    }
    out.set(a.key, result);
  }
  return out;
}
