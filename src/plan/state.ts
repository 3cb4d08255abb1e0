/**
 * State: the manifest of a compiled graph (per action: a hash of its SQL, a hash of its config,
 * its target) and the comparison of the current project with a recorded manifest — what
 * `--select state:modified` selects and `plan --state` explains. Pure; the manifest of every
 * successful run is written to the run log (`lakeform.manifests`).
 *
 * Hashes are environment-free: a ref renders its target's final name (`"silver_pr1"."x"`), so
 * every referenced target (and `self()`) is replaced by its canonical key before hashing, and a
 * PR build with `--schema-suffix pr1` compares equal to production for unchanged models.
 */
import { createHash } from "node:crypto";
import type { Target } from "../common/target.js";
import type { Action, Graph } from "../compile/graph.js";

export interface ManifestEntry {
  /** Canonical key (`catalog.schema.name` before schema suffix / table prefix): the identity compared. */
  readonly key: string;
  readonly kind: string;
  /** The table the run wrote (after suffix/prefix). */
  readonly target: Target;
  readonly queryHash: string;
  readonly configHash: string;
  /** Canonical keys. */
  readonly dependencies: readonly string[];
}

export interface Manifest {
  /** The run it was recorded by, or the file it came from. */
  readonly source: string;
  readonly entries: readonly ManifestEntry[];
}

export type ChangeReason = "new" | "query" | "config";

export interface StateComparison {
  readonly source: string;
  /** Action key (final) → why it changed; only actions changed themselves. */
  readonly modified: ReadonlyMap<string, readonly ChangeReason[]>;
  /** Action key → the modified ancestors it reads (directly or not); actions unchanged themselves. */
  readonly upstream: ReadonlyMap<string, readonly string[]>;
  /** Canonical keys in the manifest that the project no longer has. */
  readonly removed: readonly string[];
  /** Canonical key → the target production wrote (for `--defer`). */
  readonly production: ReadonlyMap<string, Target>;
}

const sha = (s: string) => createHash("sha256").update(s).digest("hex").slice(0, 16);

export function canonicalKey(a: Action): string {
  const t = a.canonicalTarget;
  return `${t.database}.${t.schema}.${t.name}`;
}

/** Replaces the rendered targets an action refers to by their canonical keys. */
function normalizer(a: Action, byKey: ReadonlyMap<string, Action>): (sql: string) => string {
  const pairs = [a, ...a.dependencies.map((d) => byKey.get(d))]
    .filter((x): x is Action => x !== undefined)
    .map((x) => [x.sqlTarget, `{{${canonicalKey(x)}}}`] as const)
    .sort((p, q) => q[0].length - p[0].length);
  return (sql) => pairs.reduce((s, [from, to]) => s.replaceAll(from, to), sql);
}

function sqlParts(a: Action): string[] {
  switch (a.kind) {
    case "table":
    case "view":
      return [a.query, ...a.preOps, "--post", ...a.postOps];
    case "incremental":
      return [a.query, a.incrementalQuery, ...a.preOps, "--post", ...a.postOps, "--incremental", ...a.incrementalPreOps, "--post", ...a.incrementalPostOps];
    case "operations":
      return [...a.queries];
    case "assertion":
      return [a.query];
    case "test":
      return [a.query, a.expectedQuery, ...a.inputs.map((i) => `${i.ref}:${i.query}`)];
    case "seed":
      // The CSV's content hash: an edited seed is a modified action.
      return [a.hash];
    case "declaration":
      return [];
  }
}

/** Stable JSON: object keys sorted. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o).sort().filter((k) => o[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stable(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v) ?? "null";
}

// Identity, SQL (hashed apart), position and documentation: not part of what a change means.
const NOT_CONFIG = new Set(["key", "target", "canonicalTarget", "sqlTarget", "file", "location", "description", "dependencies", "query", "incrementalQuery", "preOps", "postOps", "incrementalPreOps", "incrementalPostOps", "queries", "expectedQuery", "inputs", "dashboard", "columns", "parent", "dataset", "rows", "hash"]);

function configOf(a: Action): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) if (!NOT_CONFIG.has(k)) o[k] = v;
  // Column types are a contract; their descriptions are documentation.
  if ("columns" in a) o["columnTypes"] = a.columns.filter((c) => c.type !== undefined).map((c) => [c.path.join("."), c.type]);
  return o;
}

export function graphManifest(graph: Graph, source = "project"): Manifest {
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  const entries = graph.actions.map((a): ManifestEntry => {
    const norm = normalizer(a, byKey);
    return {
      key: canonicalKey(a),
      kind: a.kind,
      target: a.target,
      queryHash: sha(sqlParts(a).map(norm).join("\n;\n")),
      configHash: sha(stable(configOf(a))),
      dependencies: a.dependencies.map((d) => byKey.get(d)).filter((x): x is Action => x !== undefined).map(canonicalKey).sort(),
    };
  });
  return { source, entries };
}

export function compareState(graph: Graph, recorded: Manifest): StateComparison {
  const current = graphManifest(graph);
  const before = new Map(recorded.entries.map((e) => [e.key, e]));
  const modified = new Map<string, ChangeReason[]>();
  graph.actions.forEach((a, i) => {
    const now = current.entries[i]!;
    const was = before.get(now.key);
    const reasons: ChangeReason[] = !was ? ["new"] : [...(was.queryHash !== now.queryHash ? ["query" as const] : []), ...(was.configHash !== now.configHash ? ["config" as const] : [])];
    if (reasons.length) modified.set(a.key, reasons);
  });
  // Unchanged actions downstream of a changed one, with the changed ancestors they read.
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  const memo = new Map<string, Set<string>>();
  const changedAncestors = (k: string, seen = new Set<string>()): Set<string> => {
    const m = memo.get(k);
    if (m) return m;
    const out = new Set<string>();
    if (seen.has(k)) return out;
    seen.add(k);
    for (const d of byKey.get(k)?.dependencies ?? []) {
      if (modified.has(d)) out.add(d);
      for (const x of changedAncestors(d, seen)) out.add(x);
    }
    memo.set(k, out);
    return out;
  };
  const upstream = new Map<string, string[]>();
  for (const a of graph.actions) {
    if (modified.has(a.key)) continue;
    const up = changedAncestors(a.key);
    if (up.size) upstream.set(a.key, [...up].sort());
  }
  const keys = new Set(current.entries.map((e) => e.key));
  return {
    source: recorded.source,
    modified,
    upstream,
    removed: recorded.entries.map((e) => e.key).filter((k) => !keys.has(k)).sort(),
    production: new Map(recorded.entries.map((e) => [e.key, e.target])),
  };
}

/** Reads a `--state` file: a manifest (`{ "entries": [...] }`) or `lakeform compile --json` output. */
export function manifestFromJson(value: unknown, source: string): Manifest | { error: string } {
  if (value && typeof value === "object" && Array.isArray((value as { entries?: unknown }).entries)) {
    return { source, entries: (value as { entries: ManifestEntry[] }).entries };
  }
  if (value && typeof value === "object" && Array.isArray((value as { actions?: unknown }).actions) && (value as { settings?: unknown }).settings) {
    return graphManifest(value as Graph, source);
  }
  return { error: "not a manifest ({ entries: [...] }) nor `lakeform compile --json` output ({ settings, actions })" };
}
