/**
 * Worker thread of `TranspilePool`: transpiles SQLX with `@dataform/core` and compiles the result
 * with V8, returning the JS and V8's code cache so the main thread skips both. Self-contained
 * (Node built-ins only) so it also runs from source under Node's type stripping in tests.
 * A file that fails here comes back without a result: the main thread redoes it and reports
 * the error with its location, exactly as in a single-threaded compile.
 */

import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { parentPort } from "node:worker_threads";

interface Job {
  readonly path: string;
  readonly text: string;
  /** Already-transpiled JS (from the on-disk store), or the file's own text for `.js`. */
  readonly js?: string;
}

interface Request {
  readonly prefix: string;
  readonly suffix: string;
  readonly jobs: readonly Job[];
}

type Result = { readonly path: string; readonly js: string; readonly data: Uint8Array; readonly transpiled: boolean } | { readonly path: string };

type Transpile = (code: string, path: string) => string;

// The same transpile as the main thread (file names passed as data, never spliced into code).
// From source (vitest) the module is the .ts file, run under Node's type stripping.
function transpilerUrl(): URL {
  const js = new URL("./sqlx-transpiler.js", import.meta.url);
  return existsSync(fileURLToPath(js)) ? js : new URL("./sqlx-transpiler.ts", import.meta.url);
}

const { transpileSqlx } = (await import(transpilerUrl().href)) as { transpileSqlx: Transpile };

parentPort?.on("message", (req: Request) => {
  const results: Result[] = [];
  for (const job of req.jobs) {
    try {
      const transpiled = job.js === undefined;
      const js = job.js ?? transpileSqlx(job.text, job.path);
      const script = new vm.Script(`${req.prefix}${js}${req.suffix}`, { filename: job.path });
      results.push({ path: job.path, js, data: script.createCachedData(), transpiled });
    } catch {
      results.push({ path: job.path });
    }
  }
  parentPort?.postMessage(results);
});
