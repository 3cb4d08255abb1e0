/**
 * Per-file cache of transpiled and V8-compiled scripts. A `vm.Script` is context-independent,
 * so each compile gets a fresh context while unchanged files skip both the SQLX transpiler
 * and V8 parsing — that is what makes a watch-mode recompile after a one-file edit cheap.
 */

import vm from "node:vm";
import { transpileSqlx } from "./sqlx-transpiler.js";
import { TranspileStore } from "./transpile-store.js";

/** Same-line prefix so JS line numbers in stack traces stay those of the file. */
export const WRAPPER_PREFIX = "(function (exports, require, module, __filename, __dirname) {";
export const WRAPPER_SUFFIX = "\n})";

/** Files that are run as scripts (`.js` as they are, `.sqlx` once transpiled). */
export function isScriptFile(path: string): boolean {
  return path.endsWith(".js") || path.endsWith(".sqlx");
}

interface Entry {
  readonly text: string;
  readonly script: vm.Script;
}

export class TranspileCache {
  private readonly entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;
  /** Code caches from a worker that V8 refused (it then compiled the file itself). */
  rejected = 0;

  /** `store` persists transpiler output across processes (see TranspileStore.open). */
  constructor(private readonly store: TranspileStore = TranspileStore.inMemory()) {}

  /** Throws SyntaxError (from V8 or the SQLX transpiler) for broken files. */
  script(path: string, text: string): vm.Script {
    const hit = this.entries.get(path);
    if (hit && hit.text === text) {
      this.hits++;
      return hit.script;
    }
    this.misses++;
    const js = path.endsWith(".sqlx") ? this.transpile(path, text) : text;
    const script = new vm.Script(`${WRAPPER_PREFIX}${js}${WRAPPER_SUFFIX}`, { filename: path });
    this.entries.set(path, { text, script });
    return script;
  }

  /** True when `script(path, text)` would be a hit. */
  has(path: string, text: string): boolean {
    return this.entries.get(path)?.text === text;
  }

  /** JS already in the on-disk store for a `.sqlx` file (the text itself for `.js`). */
  storedJs(path: string, text: string): string | undefined {
    return path.endsWith(".sqlx") ? this.store.get(TranspileStore.key(path, text)) : text;
  }

  /**
   * Takes a file transpiled and compiled elsewhere (a `TranspilePool` worker): V8 rebuilds the
   * script from its code cache instead of compiling it (and compiles it anyway if it rejects it).
   */
  adopt(path: string, text: string, js: string, cachedData: Uint8Array, transpiled: boolean): void {
    if (transpiled && path.endsWith(".sqlx")) this.store.set(TranspileStore.key(path, text), js);
    const script = new vm.Script(`${WRAPPER_PREFIX}${js}${WRAPPER_SUFFIX}`, { filename: path, cachedData });
    if (script.cachedDataRejected) this.rejected++;
    this.misses++;
    this.entries.set(path, { text, script });
  }

  private transpile(path: string, text: string): string {
    const key = TranspileStore.key(path, text);
    const stored = this.store.get(key);
    if (stored !== undefined) return stored;
    const js = transpileSqlx(text, path);
    this.store.set(key, js);
    return js;
  }

  /** Persists transpiler output for the next process. */
  save(): void {
    this.store.save();
  }

  /** Forgets files that no longer exist. */
  retain(paths: ReadonlySet<string>): void {
    for (const p of this.entries.keys()) if (!paths.has(p)) this.entries.delete(p);
  }
}
