/** What `compile` prints: the one-line summary with diagnostics, or the graph with its SQL as JSON. */
import type { ActionKind, CompileResult } from "../compile/graph.js";
import { errorMessage, formatDiagnostic } from "../common/errors.js";
import type { Dialect } from "../plan/dialect.js";
import { previewGraph } from "../plan/preview.js";

const KINDS: readonly ActionKind[] = ["declaration", "seed", "table", "view", "incremental", "operations", "assertion", "test"];

export function summarize(r: CompileResult, ms: number): string {
  const counts = new Map<ActionKind, number>();
  for (const a of r.graph.actions) counts.set(a.kind, (counts.get(a.kind) ?? 0) + 1);
  const parts = KINDS.filter((k) => counts.get(k)).map((k) => `${counts.get(k)} ${k}`);
  // A folded line stands for the errors it collapsed.
  const errors = r.diagnostics.reduce((n, d) => n + (d.collapsed ? d.collapsed.length : d.severity === "error" ? 1 : 0), 0);
  const warnings = r.diagnostics.filter((d) => d.severity === "warning").length;
  const lines = [`Compiled ${r.graph.actions.length} action(s) in ${ms.toFixed(0)} ms${parts.length ? `: ${parts.join(", ")}` : ""}`];
  lines.push(...r.diagnostics.map(formatDiagnostic));
  if (errors || warnings) lines.push(`${errors} error(s), ${warnings} warning(s)`);
  return lines.join("\n");
}

export function graphJson(r: CompileResult, dialect: Dialect): unknown {
  let preview: ReturnType<typeof previewGraph> | undefined;
  let renderError: string | undefined;
  try {
    preview = previewGraph(dialect, r.graph);
  } catch (e) {
    // A broken project template must not hide the graph itself.
    renderError = errorMessage(e);
  }
  return {
    settings: r.graph.settings,
    diagnostics: r.diagnostics,
    ...(renderError ? { renderError } : {}),
    schemas: preview?.schemas.map((s) => s.sql) ?? [],
    // A seed's rows are in its SQL already; listing them again would double the output.
    actions: r.graph.actions.map((a) => (a.kind === "seed" ? { ...a, rows: undefined, rowCount: a.rows.length } : a)).map((a) => ({ ...a, sql: preview?.actions.get(a.key) })),
  };
}
