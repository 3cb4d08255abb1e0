/**
 * SQLX `test` actions whose `input` blocks the transpiler did not recognise: Dataform's syntax is
 * `input "name" { … }` or `input "schema", "name" { … }`; anything else (e.g. a dotted
 * `input "schema.name" {`) stays in the expected query and would fail later with a confusing
 * Trino syntax error. Report it at compile time, where it was written.
 */
import type { Diagnostic } from "../common/errors.js";
import { locationAt } from "../common/text-position.js";
import type { Graph } from "./graph.js";

const STRAY_INPUT = /^\s*input\s+"[^"]*"[^{\n]*\{/m;

export function checkTestInputs(graph: Graph, texts: ReadonlyMap<string, string>, diagnostics: Diagnostic[]): void {
  for (const a of graph.actions) {
    if (a.kind !== "test" || !STRAY_INPUT.test(a.expectedQuery)) continue;
    const text = texts.get(a.file) ?? "";
    const at = text.search(STRAY_INPUT);
    diagnostics.push({
      severity: "error",
      code: "invalid-test-input",
      message: `test ${a.key}: an \`input\` block was not recognised and is part of the expected query`,
      location: at >= 0 ? locationAt(a.file, text, at + (text.slice(at).length - text.slice(at).trimStart().length)) : a.location,
      hint: 'write input "name" { … } or input "schema", "name" { … } (no dots inside the quotes)',
    });
  }
}
