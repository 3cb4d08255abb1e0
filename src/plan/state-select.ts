/**
 * dbt-style state selectors for `--select`: `state:modified` (changed query or config, or new),
 * `state:new`, with `+` after for the dependents and `+` before for the dependencies
 * (`state:modified+`, `+state:modified`). Pure; the comparison comes from plan/state.ts.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Graph } from "../compile/graph.js";
import type { StateComparison } from "./state.js";

const SELECTOR = /^(\+?)state:(modified|new)(\+?)$/;

export function isStateSelector(s: string): boolean {
  return SELECTOR.test(s.trim());
}

export function stateSelector(graph: Graph, selector: string, state: StateComparison | undefined): { keys: Set<string> } | { error: Diagnostic } {
  const m = SELECTOR.exec(selector.trim());
  if (!m) {
    return { error: { severity: "error", code: "unknown-selector", message: `--select: unknown selector "${selector}"`, hint: "use state:modified, state:modified+ (with dependents), +state:modified (with dependencies) or state:new; names go to --actions, tags to --tags" } };
  }
  if (!state) {
    return { error: { severity: "error", code: "state-missing", message: `--select ${selector}: no state to compare with (no successful production run in the run log)`, hint: "run the project once without --schema-suffix/--table-prefix, or pass --state <manifest.json|run-id>" } };
  }
  const enabled = new Map(graph.actions.filter((a) => !a.disabled).map((a) => [a.key, a]));
  const keys = new Set([...state.modified].filter(([k, why]) => enabled.has(k) && (m[2] === "modified" || why.includes("new"))).map(([k]) => k));
  const dependents = new Map<string, string[]>();
  for (const a of enabled.values()) for (const d of a.dependencies) dependents.set(d, [...(dependents.get(d) ?? []), a.key]);
  const walk = (next: (k: string) => readonly string[]) => {
    const stack = [...keys];
    const out = new Set<string>();
    while (stack.length) {
      for (const n of next(stack.pop()!)) {
        if (enabled.has(n) && !out.has(n) && !keys.has(n)) {
          out.add(n);
          stack.push(n);
        }
      }
    }
    return out;
  };
  const down = m[3] ? walk((k) => dependents.get(k) ?? []) : new Set<string>();
  const up = m[1] ? walk((k) => enabled.get(k)?.dependencies ?? []) : new Set<string>();
  return { keys: new Set([...keys, ...down, ...up]) };
}
