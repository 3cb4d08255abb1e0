/**
 * Two-core compile: a worker thread transpiles (SQLX → JS with `@dataform/core`) and V8-compiles
 * part of a large project while the main thread does the rest; the main thread then rebuilds
 * the worker's scripts from their V8 code cache. Evaluation itself stays single-threaded in one
 * `node:vm` context, so results are exactly those of a plain compile (tests compare them).
 * Small projects never start the worker: its start-up (~100 ms) would cost more than it saves.
 */

import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ProjectFiles } from "./project-files.js";
import { isScriptFile, type TranspileCache, WRAPPER_PREFIX, WRAPPER_SUFFIX } from "./transpile-cache.js";

/** Below this many script files to prepare, a worker does not pay for its start-up. */
export const PARALLEL_MIN_FILES = 300;

/** Share of the files the worker takes; the main thread also rebuilds the worker's scripts. */
const WORKER_SHARE = 0.45;

type Result = { readonly path: string; readonly js: string; readonly data: Uint8Array; readonly transpiled: boolean } | { readonly path: string };

function workerUrl(): URL {
  const js = new URL("./transpile-worker.js", import.meta.url);
  // From source (vitest), the worker runs as TypeScript under Node's type stripping.
  return existsSync(fileURLToPath(js)) ? js : new URL("./transpile-worker.ts", import.meta.url);
}

export interface PrepareStats {
  readonly files: number;
  readonly inWorker: number;
  readonly rejected: number;
}

export class TranspilePool {
  private constructor(private worker: Worker | undefined) {}

  /**
   * Starts the worker now (so its start-up overlaps reading the project) when `expectedFiles`
   * is large enough and there is a second core; otherwise a pool that does nothing.
   */
  static start(expectedFiles: number, options: { force?: boolean } = {}): TranspilePool {
    const worth = options.force || (expectedFiles >= PARALLEL_MIN_FILES && availableParallelism() > 1);
    if (!worth || process.env["LAKEFORM_COMPILE_THREADS"] === "1") return new TranspilePool(undefined);
    const worker = new Worker(workerUrl());
    worker.unref();
    return new TranspilePool(worker);
  }

  get parallel(): boolean {
    return this.worker !== undefined;
  }

  /**
   * Fills `cache` with a compiled script for every script file of `project` that it lacks.
   * Never throws for a broken file: such files are left for the compile to report.
   */
  async prepare(project: ProjectFiles, cache: TranspileCache): Promise<PrepareStats> {
    const todo = project.files.filter((f) => isScriptFile(f.path) && !cache.has(f.path, f.text));
    const worker = this.worker;
    if (!worker || todo.length < 2) {
      this.close();
      return { files: todo.length, inWorker: 0, rejected: 0 };
    }
    const split = Math.floor(todo.length * (1 - WORKER_SHARE));
    const theirs = todo.slice(split);
    const done = new Promise<readonly Result[]>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
      // A worker that dies without an error event (killed, out of memory) must not hang the compile.
      worker.once("exit", (code) => reject(new Error(`transpile worker exited (${code})`)));
    });
    worker.postMessage({
      prefix: WRAPPER_PREFIX,
      suffix: WRAPPER_SUFFIX,
      jobs: theirs.map((f) => {
        const js = cache.storedJs(f.path, f.text);
        return js === undefined ? { path: f.path, text: f.text } : { path: f.path, text: f.text, js };
      }),
    });
    for (const f of todo.slice(0, split)) {
      try {
        cache.script(f.path, f.text);
      } catch {
        // reported with its location when the compile evaluates the file
      }
    }
    let results: readonly Result[];
    try {
      results = await done;
    } catch {
      results = []; // a worker failure only costs speed: the compile does the files itself
    } finally {
      this.close();
    }
    const texts = new Map(theirs.map((f) => [f.path, f.text]));
    const before = cache.rejected;
    let adopted = 0;
    for (const r of results) {
      const text = texts.get(r.path);
      if (text === undefined || !("js" in r)) continue;
      cache.adopt(r.path, text, r.js, r.data, r.transpiled);
      adopted++;
    }
    return { files: todo.length, inWorker: adopted, rejected: cache.rejected - before };
  }

  close(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
