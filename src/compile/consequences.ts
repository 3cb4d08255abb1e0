/**
 * One broken include (e.g. `includes/propriedade.js` refusing `--vars modulo_fiscal_ha=abc`)
 * used to print a screen of errors with the cause last: every definition using its global
 * failed with `propriedade is not defined`, and every ref to those definitions' actions with
 * `missing-ref`. Here a root cause is reported first and the errors that only follow from it
 * are folded into one line after it (kept in `collapsed` for `--json`). Pure.
 */

import type { Diagnostic } from "../common/errors.js";
import { formatLocation } from "../common/errors.js";
import { sqlxBaseName } from "./sqlx-transpiler.js";

const INCLUDE = /^includes\/([^/]+)\.js$/;

function isEvaluationError(d: Diagnostic): boolean {
  return d.code === "evaluation-error" && d.severity === "error" && d.location !== undefined;
}

/** The action name a definition file would have had (SQLX: its base name), if known. */
function wouldDefine(file: string): string | undefined {
  return file.endsWith(".sqlx") ? sqlxBaseName(file) : undefined;
}

function refTarget(d: Diagnostic): string | undefined {
  return d.code === "missing-ref" ? /^ref\("(.*)"\) not found$/.exec(d.message)?.[1] : undefined;
}

function summary(root: Diagnostic, collapsed: readonly Diagnostic[]): Diagnostic {
  const failed = collapsed.filter(isEvaluationError);
  const refs = new Map<string, number>();
  for (const d of collapsed) {
    const t = refTarget(d);
    if (t !== undefined) refs.set(t, (refs.get(t) ?? 0) + 1);
  }
  const parts = [
    ...failed.map((d) => `${d.location ? formatLocation(d.location) : "?"} (${d.message.replace(/^\w*Error: /, "")})`),
    ...[...refs].map(([t, n]) => `${n} × ref("${t}") not found`),
  ];
  const rest = collapsed.length - failed.length - [...refs.values()].reduce((a, b) => a + b, 0);
  if (rest > 0) parts.push(`${rest} other`);
  return {
    severity: "error",
    code: "follows-from-above",
    message: `${collapsed.length} more error(s) follow from the one above: ${parts.join("; ")}`,
    ...(root.location ? { location: root.location } : {}),
    hint: "fix the error above first (`compile --json` lists them all)",
    collapsed,
  };
}

export function collapseConsequences(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  // Roots: failing includes, by the global name Dataform gives their exports.
  const includeRoots = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    const m = isEvaluationError(d) && d.location ? INCLUDE.exec(d.location.file) : null;
    if (m?.[1] && !includeRoots.has(m[1])) includeRoots.set(m[1], d);
  }
  const isIncludeRoot = new Set(includeRoots.values());
  const includeMessages = new Map([...isIncludeRoot].map((d) => [d.message, d]));
  const causeOf = new Map<Diagnostic, Diagnostic>();
  // A file that failed only because an include did: the include's global is missing, or
  // requiring the include threw the include's own error again.
  for (const d of diagnostics) {
    if (!isEvaluationError(d) || isIncludeRoot.has(d)) continue;
    const name = /^ReferenceError: (\w+) is not defined/.exec(d.message)?.[1];
    const root = (name !== undefined ? includeRoots.get(name) : undefined) ?? includeMessages.get(d.message);
    if (root) causeOf.set(d, root);
  }
  // Refs to what a failed definition file would have defined follow from why it failed.
  const failedNames = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    const file = isEvaluationError(d) ? d.location?.file : undefined;
    const name = file && !INCLUDE.test(file) ? wouldDefine(file) : undefined;
    if (name && !failedNames.has(name)) failedNames.set(name, causeOf.get(d) ?? d);
  }
  for (const d of diagnostics) {
    const t = refTarget(d);
    if (t === undefined) continue;
    const root = failedNames.get(t) ?? [...failedNames].find(([name]) => t.endsWith(`.${name}`))?.[1];
    if (root) causeOf.set(d, root);
  }

  const byRoot = new Map<Diagnostic, Diagnostic[]>();
  for (const [d, root] of causeOf) byRoot.set(root, [...(byRoot.get(root) ?? []), d]);
  // Failing includes first: everything else may depend on them.
  const kept = diagnostics.filter((d) => !causeOf.has(d));
  const ordered = [...kept.filter((d) => isIncludeRoot.has(d)), ...kept.filter((d) => !isIncludeRoot.has(d))];
  return ordered.flatMap((d) => {
    const collapsed = byRoot.get(d);
    return collapsed ? [d, summary(d, collapsed)] : [d];
  });
}
