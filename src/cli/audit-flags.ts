/** `run --audit` / `plan --audit`: the selection's tables built into staging, audited, then published (plan/audit.ts). */
import { DiagnosticsError } from "../common/errors.js";
import type { Graph } from "../compile/graph.js";
import { auditGraph } from "../plan/audit.js";
import type { Dialect } from "../plan/dialect.js";
import { selectActions, type Selection } from "../plan/select.js";

export function applyAudit<S extends Selection>(graph: Graph, dialect: Dialect, selection: S): { graph: Graph; selection: S } {
  const { keys, diagnostics } = selectActions(graph, selection);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, "the selection has errors");
  const a = auditGraph(graph, keys, dialect);
  const bad = a.diagnostics.filter((d) => d.severity === "error");
  if (bad.length) throw new DiagnosticsError(bad, "--audit cannot publish this selection");
  // The audited selection is exact: no tags/deps walk again over the rewritten graph.
  const { actions: _a, tags: _t, select: _s, includeDeps: _d, includeDependents: _p, ...rest } = selection;
  return { graph: a.graph, selection: { ...rest, keys: a.keys } as S };
}
