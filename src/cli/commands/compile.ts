/**
 * `lakeform compile [project-dir]`: compile the project, print a summary and every diagnostic
 * with its location (or the whole graph with rendered SQL as `--json`), exit 1 on errors.
 * `--watch` recompiles on every change.
 */

import { resolve } from "node:path";
import type { Command } from "commander";
import { trinoQuoting } from "../../adapters/trino/quote.js";
import { loadAndCompile } from "../../compile/compile.js";
import { hasErrors } from "../../compile/graph.js";
import { newCache, overridesFromFlags, projectDialect, type CompileFlags } from "../compile-flags.js";
import { graphJson, summarize } from "../compile-report.js";
import { helpFooter, jsonOption, projectDirArgument, projectOverrideOptions } from "../options.js";
import { printJson } from "../output.js";
import { watchCompile } from "./compile-watch.js";

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
  const cmd = program
    .command("compile")
    .description("compile SQLX/JS definitions into the action graph and Trino SQL (no warehouse access)");
  projectOverrideOptions(jsonOption(projectDirArgument(cmd), "the whole graph, with the rendered SQL of every action,"))
    .option("-w, --watch", "recompile on every change to definitions/, includes/, sources/, streams/ and the settings file")
    .option("--no-cache", "do not read or write the transpiled-SQLX cache in .lakeform/cache/");
  helpFooter(cmd, { examples: ["lakeform compile", "lakeform compile path/to/project --json > graph.json", "lakeform compile --watch"], exitCodes: [0, 1, 2] });
  cmd.action(async (projectDir: string, flags: CompileFlags) => {
    const dir = resolve(projectDir);
    if (flags.watch) await watchCompile(dir, flags);
    else await runOnce(dir, flags);
  });
}
