/**
 * `compile`: project files in, typed graph + diagnostics out. Pure apart from `compileProject`,
 * which loads the files first. Pass a `TranspileCache` to reuse per-file work across compiles.
 */

import type { Diagnostic } from "../common/errors.js";
import type { SettingsOverrides } from "../config/project.js";
import { parseProjectSettings } from "../config/project.js";
import { checkTimeRanges } from "./time-range-check.js";
import { addAssertionDependencies, assembleGraph, checkCycles, checkDuplicates } from "./assemble.js";
import { checkTestInputs } from "./check-tests.js";
import { collapseConsequences } from "./consequences.js";
import { evaluateProject } from "./evaluate.js";
import type { CompileResult } from "./graph.js";
import { prepareDrafts } from "./prepare.js";
import type { ProjectFiles } from "./project-files.js";
import { loadProjectFiles } from "./project-files.js";
import { resolveAll } from "./resolve.js";
import type { SqlQuoting } from "../common/sql-quoting.js";
import { isScriptFile, TranspileCache } from "./transpile-cache.js";
import { TranspilePool } from "./transpile-pool.js";

export interface CompileOptions {
  /** The dialect's quoting (e.g. `trinoQuoting` from adapters/trino/quote.ts). */
  readonly quoting: SqlQuoting;
  readonly overrides?: SettingsOverrides;
  /** Reused across compiles (watch mode) so unchanged files are not transpiled again. */
  readonly cache?: TranspileCache;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  const fa = a.location?.file ?? "";
  const fb = b.location?.file ?? "";
  if (fa !== fb) return fa < fb ? -1 : 1;
  const dl = (a.location?.line ?? 0) - (b.location?.line ?? 0);
  if (dl) return dl;
  const dc = (a.location?.column ?? 0) - (b.location?.column ?? 0);
  if (dc) return dc;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

export function compileFiles(project: ProjectFiles, options: CompileOptions): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const { settings, diagnostics: settingsDiagnostics } = parseProjectSettings(project.settings, options.overrides);
  diagnostics.push(...settingsDiagnostics);
  const cache = options.cache ?? new TranspileCache();
  cache.retain(new Set(project.files.map((f) => f.path)));
  const evaluation = evaluateProject(project, settings, cache);
  diagnostics.push(...evaluation.diagnostics);
  const input = { settings, quoting: options.quoting, texts: evaluation.texts };
  const prepared = dropShadowedStreamDeclarations(prepareDrafts(evaluation.drafts, input, diagnostics));
  const resolved = resolveAll(prepared, input, diagnostics);
  addAssertionDependencies(resolved);
  checkDuplicates(resolved, diagnostics);
  checkCycles(resolved, evaluation.texts, diagnostics);
  checkTimeRanges(resolved, diagnostics);
  const graph = assembleGraph(settings, resolved);
  checkTestInputs(graph, evaluation.texts, diagnostics);
  return { graph, diagnostics: collapseConsequences(dedupe(diagnostics).sort(compareDiagnostics)) };
}

/** A stream's bronze table declared explicitly too (e.g. with column docs in sources/): keep the explicit one. */
function dropShadowedStreamDeclarations<P extends { readonly key: string; readonly draft: { fromStream?: { readonly topic: string } | { readonly location: string } } }>(prepared: P[]): P[] {
  const explicit = new Set(prepared.filter((p) => !p.draft.fromStream).map((p) => p.key));
  const streams = new Map(prepared.flatMap((p) => (p.draft.fromStream ? [[p.key, p.draft.fromStream] as const] : [])));
  const kept = prepared.filter((p) => !p.draft.fromStream || !explicit.has(p.key));
  // The explicit declaration still names a table the ingester lands (`lakeform maintain` covers it).
  for (const p of kept) if (!p.draft.fromStream && streams.has(p.key)) p.draft.fromStream = streams.get(p.key);
  return kept;
}

function dedupe(ds: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.code}|${d.location?.file}|${d.location?.line}|${d.location?.column}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function compileProject(projectDir: string, options: CompileOptions): CompileResult {
  return compileFiles(loadProjectFiles(projectDir), options);
}

/**
 * Loads and compiles a project using both cores on large projects (see TranspilePool): same
 * result as `compileFiles(loadProjectFiles(dir), options)`.
 */
export async function loadAndCompile(projectDir: string, options: CompileOptions): Promise<{ files: ProjectFiles; result: CompileResult }> {
  let pool: TranspilePool | undefined;
  const files = loadProjectFiles(projectDir, (paths) => (pool = TranspilePool.start(paths.filter(isScriptFile).length)));
  const cache = options.cache ?? new TranspileCache();
  try {
    await pool?.prepare(files, cache);
  } finally {
    pool?.close();
  }
  return { files, result: compileFiles(files, { ...options, cache }) };
}
