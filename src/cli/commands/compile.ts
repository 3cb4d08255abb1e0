/**
 * `lakeform compile [project-dir]`: compile the project, print a summary and every diagnostic
 * with its location (or the whole graph with rendered SQL as `--json`), exit 1 on errors.
 * `--watch` recompiles on every change.
 */

import { resolve } from "node:path";
import type { Command } from "commander";
import { createTrinoDialect } from "../../adapters/trino/dialect.js";
import type { Dialect } from "../../plan/dialect.js";
import { loadMaterializations, overridesFromFiles } from "../../adapters/trino/materializations.js";
import { trinoQuoting } from "../../adapters/trino/quote.js";
import { loadAndCompile } from "../../compile/compile.js";
import type { ActionKind, CompileResult } from "../../compile/graph.js";
import { hasErrors } from "../../compile/graph.js";
import type { ProjectFiles } from "../../compile/project-files.js";
import { TranspileCache } from "../../compile/transpile-cache.js";
import { TranspileStore } from "../../compile/transpile-store.js";
import { formatDiagnostic, LakeformError } from "../../common/errors.js";
import type { SettingsOverrides } from "../../config/project.js";
import { parseVarsFlag } from "../../config/project.js";
import { previewGraph } from "../../plan/preview.js";
import { identifierFlag } from "../identifier-flag.js";
import { printJson } from "../output.js";
import { watchCompile } from "./compile-watch.js";

export interface CompileFlags {
  readonly json?: boolean;
  readonly watch?: boolean;
  readonly vars?: string;
  readonly schemaSuffix?: string;
  readonly tablePrefix?: string;
  /** commander's `--no-cache` */
  readonly cache?: boolean;
}

const KINDS: readonly ActionKind[] = ["declaration", "table", "view", "incremental", "operations", "assertion", "test"];

export function overridesFromFlags(f: CompileFlags): SettingsOverrides {
  let vars: Record<string, string> | undefined;
  try {
    vars = f.vars === undefined ? undefined : parseVarsFlag(f.vars);
  } catch (e) {
    throw new LakeformError("usage", e instanceof Error ? e.message : String(e), { hint: "--vars start=2024-01-01,region=S" });
  }
  const schemaSuffix = identifierFlag("--schema-suffix", f.schemaSuffix);
  const tablePrefix = identifierFlag("--table-prefix", f.tablePrefix);
  return { ...(vars ? { vars } : {}), ...(schemaSuffix !== undefined ? { schemaSuffix } : {}), ...(tablePrefix !== undefined ? { tablePrefix } : {}) };
}

/** The dialect with the project's `includes/materializations/*.sql.hbs` overrides applied. */
export function projectDialect(files: ProjectFiles): Dialect {
  return createTrinoDialect(loadMaterializations(overridesFromFiles(files.files)));
}

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
    renderError = e instanceof Error ? e.message : String(e);
  }
  return {
    settings: r.graph.settings,
    diagnostics: r.diagnostics,
    ...(renderError ? { renderError } : {}),
    schemas: preview?.schemas.map((s) => s.sql) ?? [],
    actions: r.graph.actions.map((a) => ({ ...a, sql: preview?.actions.get(a.key) })),
  };
}

export function newCache(dir: string, flags: CompileFlags): TranspileCache {
  return new TranspileCache(flags.cache === false ? TranspileStore.inMemory() : TranspileStore.open(dir));
}

async function runOnce(dir: string, flags: CompileFlags): Promise<void> {
  const started = performance.now();
  const cache = newCache(dir, flags);
  const { files, result } = await loadAndCompile(dir, { quoting: trinoQuoting, overrides: overridesFromFlags(flags), cache });
  const ms = performance.now() - started;
  cache.save();
  if (flags.json) printJson(graphJson(result, projectDialect(files)));
  else process.stdout.write(`${summarize(result, ms)}\n`);
  if (hasErrors(result)) process.exitCode = 1;
}

export function registerCompile(program: Command): void {
  program
    .command("compile")
    .description("compile SQLX/JS definitions into the action graph and Trino SQL (no warehouse access)")
    .argument("[project-dir]", "project directory", ".")
    .option("--json", "print the whole graph, with the rendered SQL of every action, as JSON")
    .option("-w, --watch", "recompile on every change to definitions/, includes/, sources/, streams/ and the settings file")
    .option("--vars <k=v,...>", "override project vars")
    .option("--schema-suffix <suffix>", "append _<suffix> to every schema (declarations excepted)")
    .option("--table-prefix <prefix>", "prepend <prefix>_ to every table name (declarations excepted)")
    .option("--no-cache", "do not read or write the transpiled-SQLX cache in .lakeform/cache/")
    .action(async (projectDir: string, flags: CompileFlags) => {
      const dir = resolve(projectDir);
      if (flags.watch) await watchCompile(dir, flags);
      else await runOnce(dir, flags);
    });
}
