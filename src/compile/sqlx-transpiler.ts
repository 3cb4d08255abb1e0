/**
 * The one place that touches `@dataform/core`: its SQLX → JS transpiler. Its output calls
 * `dataform.sqlxAction({...})`, which Lakeform's own session implements.
 *
 * The transpiler splices the file's base name into its output as `name: "<basename>"`, escaping
 * only backslashes, so a file named `z" + f() + ".sqlx` ran `f()` at compile time. The file's
 * path is therefore never given to it: it transpiles under a fixed placeholder name, and the
 * real name goes into the output as a JSON string literal, i.e. as data.
 */

import { createRequire } from "node:module";

type Transpile = (code: string, path: string) => string;

let cached: Transpile | undefined;

/** Stands in for the file name; a JS identifier, so the transpiler emits it as is. */
const PLACEHOLDER = "__lakeform_sqlx_file__";
const PLACEHOLDER_NAME = `name: "${PLACEHOLDER}",`;

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

/** The action name Dataform derives from a path: the last segment without its last extension. */
export function sqlxBaseName(path: string): string {
  const file = path.slice(path.lastIndexOf("/") + 1);
  return file.slice(0, Math.max(0, file.lastIndexOf(".")));
}

/** Transpiles `code` as if it were at `path`; `path` only ever reaches the output as a string literal. */
export function transpileSqlx(code: string, path: string): string {
  return withFileName(load()(code, `${PLACEHOLDER}.sqlx`), path);
}

/**
 * Puts the real name where the transpiler wrote the placeholder. The transpiler writes it on the
 * first line of the `sqlxConfig` object, before any user text, so the first match is its own.
 */
export function withFileName(js: string, path: string): string {
  const at = js.indexOf(PLACEHOLDER_NAME);
  if (at < 0) throw new Error(`@dataform/core's transpiler output has no ${PLACEHOLDER_NAME} (unknown output shape)`);
  return `${js.slice(0, at)}name: ${JSON.stringify(sqlxBaseName(path))},${js.slice(at + PLACEHOLDER_NAME.length)}`;
}
