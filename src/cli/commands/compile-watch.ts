/**
 * `compile --watch`: keeps files and transpiled scripts in memory and recompiles on change
 * (debounced), printing the summary and the recompile time. Runs until interrupted.
 */

import { join } from "node:path";
import { watch } from "chokidar";
import { trinoQuoting } from "../../adapters/trino/quote.js";
import { compileFiles } from "../../compile/compile.js";
import { ProjectFileStore } from "../../compile/file-store.js";
import { printJson } from "../output.js";
import { newCache, overridesFromFlags, projectDialect, type CompileFlags } from "../compile-flags.js";
import { graphJson, summarize } from "../compile-report.js";

const WATCHED = ["definitions", "includes", "sources", "streams", "seeds", "dataform.json", "workflow_settings.yaml"];
const DEBOUNCE_MS = 30;

export async function watchCompile(dir: string, flags: CompileFlags): Promise<void> {
  const overrides = overridesFromFlags(flags);
  const cache = newCache(dir, flags);
  const store = new ProjectFileStore(dir);
  const compile = (reason: string): void => {
    const started = performance.now();
    const files = store.snapshot();
    const result = compileFiles(files, { quoting: trinoQuoting, overrides, cache });
    const ms = performance.now() - started;
    if (flags.json) printJson(graphJson(result, projectDialect(files)));
    else process.stdout.write(`\n[${new Date().toISOString().slice(11, 19)}] ${reason}\n${summarize(result, ms)}\n`);
  };
  compile("initial compile");
  cache.save();

  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(WATCHED.map((p) => join(dir, p)), { ignoreInitial: true });
  watcher.on("all", (_event, path) => {
    pending.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = [...pending].filter((p) => store.update(p));
      pending.clear();
      if (changed.length) compile(`${changed.length} file(s) changed`);
    }, DEBOUNCE_MS);
  });
  await new Promise<void>((resolveDone) => {
    const stop = (): void => {
      void watcher.close().then(() => resolveDone());
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
