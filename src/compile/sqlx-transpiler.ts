/**
 * The one place that touches `@dataform/core`: its SQLX → JS transpiler. Its output calls
 * `dataform.sqlxAction({...})`, which Lakeform's own session implements.
 */

import { createRequire } from "node:module";

type Transpile = (code: string, path: string) => string;

let cached: Transpile | undefined;

// Loaded lazily: the 770 KB bundle is only needed when a project has .sqlx files.
function load(): Transpile {
  if (!cached) {
    const require = createRequire(import.meta.url);
    const core = require("@dataform/core") as { compiler?: unknown };
    if (typeof core.compiler !== "function") throw new Error("@dataform/core does not export compiler(code, path)");
    cached = core.compiler as Transpile;
  }
  return cached;
}

export function transpileSqlx(code: string, path: string): string {
  return load()(code, path);
}
