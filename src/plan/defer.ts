/**
 * `run --defer`: the selected actions are built in the environment (schema suffix / table
 * prefix), and their refs to actions that are NOT selected read production's tables instead of
 * the environment's (which this run does not build), like dbt's `--defer`. Production's target of
 * an action is the one the state's manifest recorded; without a state, its canonical target.
 * Pure: a graph in, a graph with rewritten SQL out (a ref renders its target's quoted name, so
 * the rewrite replaces that name).
 */
import type { Diagnostic } from "../common/errors.js";
import type { SqlQuoting } from "../common/sql-quoting.js";
import type { Target } from "../common/target.js";
import type { Action, Graph } from "../compile/graph.js";
import { canonicalKey } from "./state.js";

export interface DeferResult {
  readonly graph: Graph;
  /** Action key → the production tables its SQL now reads instead (for the report). */
  readonly deferred: ReadonlyMap<string, readonly string[]>;
  readonly diagnostics: readonly Diagnostic[];
}

const same = (a: Target, b: Target) => a.database === b.database && a.schema === b.schema && a.name === b.name;

/** Replaces a quoted name, but not one that continues (`"x"` in `"x""y"`). */
function replaceTarget(sql: string, from: string, to: string): string {
  let out = "";
  let at = 0;
  for (let i = sql.indexOf(from); i >= 0; i = sql.indexOf(from, i + from.length)) {
    if (sql[i + from.length] === '"') continue;
    out += sql.slice(at, i) + to;
    at = i + from.length;
  }
  return out + sql.slice(at);
}

/** The action with `f` applied to every SQL text it runs (queries and pre/post operations). */
export function rewriteActionSql(a: Action, f: (sql: string) => string): Action {
  switch (a.kind) {
    case "table":
    case "view":
      return { ...a, query: f(a.query), preOps: a.preOps.map(f), postOps: a.postOps.map(f) };
    case "incremental":
      return { ...a, query: f(a.query), incrementalQuery: f(a.incrementalQuery), preOps: a.preOps.map(f), postOps: a.postOps.map(f), incrementalPreOps: a.incrementalPreOps.map(f), incrementalPostOps: a.incrementalPostOps.map(f) };
    case "operations":
      return { ...a, queries: a.queries.map(f) };
    case "assertion":
      return { ...a, query: f(a.query) };
    case "test":
    case "declaration":
    case "seed":
      return a;
  }
}

export function deferGraph(graph: Graph, selected: ReadonlySet<string>, production: ReadonlyMap<string, Target> | undefined, q: SqlQuoting): DeferResult {
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  const deferred = new Map<string, string[]>();
  const diagnostics: Diagnostic[] = [];
  const actions = graph.actions.map((a) => {
    if (!selected.has(a.key)) return a;
    const pairs: [string, string][] = [];
    for (const d of a.dependencies) {
      const dep = byKey.get(d);
      if (!dep || selected.has(d) || dep.kind === "declaration" || dep.kind === "test") continue;
      const recorded = production?.get(canonicalKey(dep));
      if (production && !recorded) {
        diagnostics.push({
          severity: "warning",
          code: "deferred-not-in-state",
          message: `--defer: ${dep.key} (read by ${a.key}) is not in the production state — reading ${canonicalKey(dep)}`,
          location: a.location,
          hint: "select it too (e.g. --select state:modified+ --actions …), or build it in production first",
        });
      }
      const prod = recorded ?? dep.canonicalTarget;
      if (same(prod, dep.target)) continue;
      pairs.push([dep.sqlTarget, q.quoteTarget(prod)]);
    }
    if (!pairs.length) return a;
    pairs.sort((x, y) => y[0].length - x[0].length);
    deferred.set(a.key, pairs.map(([, to]) => to));
    return rewriteActionSql(a, (sql) => pairs.reduce((s, [from, to]) => replaceTarget(s, from, to), sql));
  });
  return { graph: { ...graph, actions }, deferred, diagnostics };
}
