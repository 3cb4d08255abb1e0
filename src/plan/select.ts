/**
 * Dataform's selection flags over a graph: `--actions`, `--tags`, `--include-deps`,
 * `--include-dependents`. Pure. Disabled actions are never selected.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Action, Graph, Target } from "../compile/graph.js";
import { parseActionName } from "./action-name.js";
import { stateSelector } from "./state-select.js";
import type { StateComparison } from "./state.js";

export interface Selection {
  /**
   * Action names: full key `catalog.schema.name`, `schema.name` or bare `name`; parts may be
   * double-quoted (`silver."a.b"`), and an unquoted name with dots matches as written
   * (`lake.silver.a.b` is the table `a.b`).
   */
  readonly actions?: readonly string[];
  readonly tags?: readonly string[];
  readonly includeDeps?: boolean;
  readonly includeDependents?: boolean;
  /** dbt-style selectors: `state:modified`, `state:modified+`, `+state:new` (see state-select.ts). */
  readonly select?: readonly string[];
  /** The comparison `state:` selectors read (`--state`, or the last production run's manifest). */
  readonly state?: StateComparison;
}

function matches(a: Action, pattern: string, parts: readonly string[], quoted: boolean): boolean {
  return [a.target, a.canonicalTarget].some((target: Target) => {
    const t = [target.database, target.schema, target.name];
    if (parts.length <= 3 && t.slice(3 - parts.length).every((x, i) => x === parts[i])) return true;
    // Unquoted, a name's own dots are ambiguous with the separators: try each split of the text.
    return !quoted && [1, 2, 3].some((n) => t.slice(3 - n).join(".") === pattern);
  });
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
  const noFilter = !sel.actions?.length && !sel.tags?.length && !sel.select?.length;
  const picked = new Set<string>();
  if (noFilter) enabled.forEach((a) => picked.add(a.key));
  for (const p of sel.actions ?? []) {
    const parsed = parseActionName(p);
    if ("error" in parsed) {
      diagnostics.push({ severity: "error", code: "invalid-action-name", message: `--actions: ${parsed.error}`, hint: 'quote a part that contains dots or quotes: schema."a.b", "it\'s ""odd"""' });
      continue;
    }
    const hits = enabled.filter((a) => matches(a, p, parsed.parts, parsed.quoted));
    if (hits.length === 0) diagnostics.push({ severity: "error", code: "unknown-action", message: `--actions: no action named "${p}"`, hint: 'use catalog.schema.name, schema.name or name (see `lakeform compile`); quote a part with dots: schema."a.b"' });
    hits.forEach((a) => picked.add(a.key));
  }
  for (const t of sel.tags ?? []) enabled.filter((a) => a.tags.includes(t)).forEach((a) => picked.add(a.key));
  for (const s of sel.select ?? []) {
    const r = stateSelector(graph, s, sel.state);
    if ("error" in r) diagnostics.push(r.error);
    else r.keys.forEach((k) => picked.add(k));
  }

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
