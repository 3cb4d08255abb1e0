/**
 * On-disk cache for column lineage: one JSON file per model, named by the hash of its SQL
 * (`.lakeform/cache/column-lineage/<sha256>.json`). A changed query gets a new key, so entries
 * never go stale; unreadable entries are recomputed.
 */
import { mkdirSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { ColumnLineageCache } from "./column-lineage.js";
import type { ActionColumnLineage } from "./types.js";

export const COLUMN_LINEAGE_CACHE_DIR = join(".lakeform", "cache", "column-lineage");

export class FileColumnLineageCache implements ColumnLineageCache {
  readonly dir: string;
  hits = 0;
  misses = 0;
  constructor(projectDir: string) {
    this.dir = join(projectDir, COLUMN_LINEAGE_CACHE_DIR);
  }

  get(key: string): ActionColumnLineage | undefined {
    try {
      const v = JSON.parse(readFileSync(join(this.dir, `${key}.json`), "utf8")) as ActionColumnLineage;
      this.hits++;
      return v;
    } catch {
      this.misses++;
      return undefined;
    }
  }

  set(key: string, value: ActionColumnLineage): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      // Write then rename so a concurrent reader never sees half a file.
      const tmp = join(this.dir, `${key}.${process.pid}.tmp`);
      writeFileSync(tmp, JSON.stringify(value));
      renameSync(tmp, join(this.dir, `${key}.json`));
    } catch {
      // A read-only project dir only costs recomputation next time.
    }
  }
}
