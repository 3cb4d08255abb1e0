/** Loads and compiles a project for the commands that act on it (plan, run, test). */
import { resolve } from "node:path";
import type { Dialect } from "../plan/dialect.js";
import { trinoQuoting } from "../adapters/trino/quote.js";
import { loadAndCompile } from "../compile/compile.js";
import type { Graph } from "../compile/graph.js";
import { DiagnosticsError, type Diagnostic } from "../common/errors.js";
import { overridesFromFlags, projectDialect, type CompileFlags } from "./compile-flags.js";

export interface LoadedProject {
  readonly dir: string;
  readonly graph: Graph;
  readonly dialect: Dialect;
  readonly warnings: readonly Diagnostic[];
}

export async function loadProject(dirArg: string | undefined, flags: CompileFlags): Promise<LoadedProject> {
  const dir = resolve(dirArg ?? ".");
  const { files, result } = await loadAndCompile(dir, { quoting: trinoQuoting, overrides: overridesFromFlags(flags) });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `compilation failed with ${errors.length} error(s) — fix them (see \`lakeform compile\`)`);
  return { dir, graph: result.graph, dialect: projectDialect(files), warnings: result.diagnostics.filter((d) => d.severity !== "error") };
}
