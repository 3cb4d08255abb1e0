/**
 * Helpers shared by the example project's tests: compile the repo root (the agro-credit
 * medallion project) and read the output columns of a model's final SELECT.
 */
import { resolve } from "node:path";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import type { Action, CompileResult } from "../../../src/compile/graph.js";
import type { SettingsOverrides } from "../../../src/config/project.js";

export const EXAMPLE_ROOT = resolve(import.meta.dirname, "..", "..", "..");

export function compileExample(overrides: SettingsOverrides = {}): CompileResult {
  return compileProject(EXAMPLE_ROOT, { quoting: trinoQuoting, overrides });
}

export function action(r: CompileResult, key: string): Action {
  const a = r.graph.actions.find((x) => x.key === key);
  if (!a) throw new Error(`no action ${key}; have ${r.graph.actions.map((x) => x.key).join(", ")}`);
  return a;
}

/** Splits on commas outside parentheses and quotes. */
function splitTopLevel(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = "";
  for (const ch of list) {
    if (ch === "'") quote = !quote;
    if (!quote && ch === "(") depth++;
    if (!quote && ch === ")") depth--;
    if (!quote && depth === 0 && ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

export interface SelectItem {
  readonly name: string;
  readonly expression: string;
}

/**
 * The items of the last top-level `SELECT` of a query (the models put it at the start of a
 * line and end it with a `FROM` at the start of a line). Good enough for the example's own
 * models; the integration test checks the same thing against Trino's DESCRIBE.
 */
export function finalSelectItems(query: string): SelectItem[] {
  const start = query.lastIndexOf("\nSELECT\n");
  if (start < 0) throw new Error("no final SELECT at the start of a line");
  const rest = query.slice(start + "\nSELECT\n".length);
  const end = rest.search(/\nFROM /);
  const list = (end < 0 ? rest : rest.slice(0, end)).replace(/--[^\n]*/g, "");
  return splitTopLevel(list).map((raw) => {
    const expression = raw.trim();
    const m = /(?:\bAS\s+|\.|^)"?([A-Za-z_][A-Za-z0-9_]*)"?$/i.exec(expression);
    if (!m?.[1]) throw new Error(`cannot name select item: ${expression}`);
    return { name: m[1], expression };
  });
}
