/**
 * Dataform's selection flags over a graph: `--actions`, `--tags`, `--include-deps`,
 * `--include-dependents`. Pure. Disabled actions are never selected.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Action, Graph } from "../compile/graph.js";

export interface Selection {
  /** Action names: full key `catalog.schema.name`, `schema.name` or bare `name`. */
  readonly actions?: readonly string[];
  readonly tags?: readonly string[];
  readonly includeDeps?: boolean;
  readonly includeDependents?: boolean;
}

function matches(a: Action, pattern: string): boolean {
  const parts = pattern.split(".");
  const full = [a.target.database, a.target.schema, a.target.name];
  const canonical = [a.canonicalTarget.database, a.canonicalTarget.schema, a.canonicalTarget.name];
  return [full, canonical].some((t) => parts.length <= 3 && t.slice(3 - parts.length).join(".") === pattern);
}

export function dependentsIndex(graph: Graph): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of graph.actions) for (const d of a.dependencies) out.set(d, [...(out.get(d) ?? []), a.key]);
  return out;
}

export function selectActions(graph: Graph, sel: Selection): { keys: Set<string>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  const enabled = graph.actions.filter((a) => !a.disabled);
  const noFilter = !sel.actions?.length && !sel.tags?.length;
  const picked = new Set<string>();
  if (noFilter) enabled.forEach((a) => picked.add(a.key));
  for (const p of sel.actions ?? []) {
    const hits = enabled.filter((a) => matches(a, p));
    if (hits.length === 0) diagnostics.push({ severity: "error", code: "unknown-action", message: `--actions: no action named "${p}"`, hint: "use catalog.schema.name, schema.name or name (see `lakeform compile`)" });
    hits.forEach((a) => picked.add(a.key));
  }
  for (const t of sel.tags ?? []) enabled.filter((a) => a.tags.includes(t)).forEach((a) => picked.add(a.key));

  const walk = (start: Iterable<string>, next: (k: string) => readonly string[]) => {
    const stack = [...start];
    while (stack.length) {
      const k = stack.pop()!;
      for (const n of next(k)) {
        const a = byKey.get(n);
        if (a && !a.disabled && !picked.has(n)) {
          picked.add(n);
          stack.push(n);
        }
      }
    }
  };
  if (sel.includeDeps) walk([...picked], (k) => byKey.get(k)?.dependencies ?? []);
  if (sel.includeDependents) {
    const deps = dependentsIndex(graph);
    walk([...picked], (k) => deps.get(k) ?? []);
  }
  // Built-in assertions follow their parent into the selection, as in Dataform.
  for (const a of enabled) if (a.kind === "assertion" && a.parent && picked.has(a.parent)) picked.add(a.key);
  return { keys: picked, diagnostics };
}
