/**
 * On-disk cache of SQLX → JS transpiler output (`.lakeform/cache/`), keyed by a hash of path
 * and text and by the transpiler's version, so repeated `lakeform compile` runs skip
 * `@dataform/core`'s transpiler for unchanged files. Best effort: any read/write problem just
 * means a cold transpile.
 */

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Bumped when Lakeform changes what it stores for the same transpiler version. 2: file names are
 * passed as data (caches of 1 hold JS with the name spliced into code, so they are never read).
 */
const FORMAT = 2;

export class TranspileStore {
  private readonly entries: Map<string, string>;
  private dirty = false;
  private readonly used = new Set<string>();

  private constructor(private readonly file: string | undefined, entries: Map<string, string>) {
    this.entries = entries;
  }

  static inMemory(): TranspileStore {
    return new TranspileStore(undefined, new Map());
  }

  static open(projectDir: string): TranspileStore {
    const file = join(projectDir, ".lakeform", "cache", `sqlx-${coreVersion()}-${FORMAT}.json`);
    try {
      const data = JSON.parse(readFileSync(file, "utf8")) as unknown;
      if (data && typeof data === "object") return new TranspileStore(file, new Map(Object.entries(data as Record<string, string>)));
    } catch {
      // no cache yet, or unreadable: start empty
    }
    return new TranspileStore(file, new Map());
  }

  static key(path: string, text: string): string {
    return createHash("sha1").update(path).update("\0").update(text).digest("base64url");
  }

  get(key: string): string | undefined {
    const js = this.entries.get(key);
    if (js !== undefined) this.used.add(key);
    return js;
  }

  set(key: string, js: string): void {
    this.entries.set(key, js);
    this.used.add(key);
    this.dirty = true;
  }

  /** Writes entries used by this compile (dropping stale ones) if anything changed. */
  save(): void {
    if (!this.file || (!this.dirty && this.used.size === this.entries.size)) return;
    try {
      const out: Record<string, string> = {};
      for (const k of this.used) {
        const v = this.entries.get(k);
        if (v !== undefined) out[k] = v;
      }
      mkdirSync(join(this.file, ".."), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(out));
      renameSync(tmp, this.file);
    } catch {
      // a read-only project dir only costs speed
    }
  }
}

function coreVersion(): string {
  try {
    const pkg = createRequire(import.meta.url)("@dataform/core/package.json") as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}
