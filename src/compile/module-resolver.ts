/**
 * `require()` inside project scripts, resolved as Dataform's CLI sandbox resolves it: relative
 * paths from the requiring file, bare paths from the project root (`require("includes/cfg.json")`),
 * then packages in the project's `node_modules` (Dataform packages), with Node's rules for
 * extensions, `index.js` and `package.json`'s `main`. Paths are project-relative with `/`.
 */

import { posix } from "node:path";

export type ModuleKind = "script" | "json";

export interface ResolvedModule {
  readonly path: string;
  readonly kind: ModuleKind;
}

/** `exists(path)` says whether a project-relative file exists; `read` returns its text. */
export interface ModuleFiles {
  exists(path: string): boolean;
  read(path: string): string | undefined;
}

function clean(path: string): string | undefined {
  const p = posix.normalize(path).replace(/^\.\/?/, "").replace(/\/$/, "");
  return p.startsWith("..") ? undefined : p;
}

function kindOf(path: string): ModuleKind | undefined {
  if (path.endsWith(".json")) return "json";
  return path.endsWith(".js") || path.endsWith(".sqlx") ? "script" : undefined;
}

function packageMain(files: ModuleFiles, dir: string): string | undefined {
  const pkg = files.read(dir ? `${dir}/package.json` : "package.json");
  if (pkg === undefined) return undefined;
  try {
    const main = (JSON.parse(pkg) as { main?: unknown }).main;
    return typeof main === "string" ? clean(posix.join(dir, main)) : undefined;
  } catch {
    return undefined;
  }
}

function asFileOrDirectory(files: ModuleFiles, base: string): ResolvedModule | undefined {
  const main = packageMain(files, base);
  const index = base ? `${base}/index` : "index";
  const candidates = [base, `${base}.js`, `${base}.json`, ...(main ? [main, `${main}.js`, `${main}/index.js`] : []), `${index}.js`, `${index}.json`];
  for (const c of candidates) {
    const kind = c ? kindOf(c) : undefined;
    if (kind && files.exists(c)) return { path: c, kind };
  }
  return undefined;
}

/** node_modules folders from the requiring file's folder up to the project root. */
function nodeModuleDirs(fromDir: string): string[] {
  const out: string[] = [];
  for (let d = fromDir; ; d = posix.dirname(d)) {
    const here = d === "." || d === "" ? "" : d;
    if (!here.endsWith("node_modules")) out.push(here ? `${here}/node_modules` : "node_modules");
    if (!here) return out;
  }
}

export function resolveModule(files: ModuleFiles, from: string, id: string): ResolvedModule | undefined {
  const fromDir = posix.dirname(from);
  if (id.startsWith("./") || id.startsWith("../") || id === "." || id === "..") {
    const base = clean(posix.join(fromDir, id));
    return base === undefined ? undefined : asFileOrDirectory(files, base);
  }
  const rooted = clean(id);
  const fromRoot = rooted === undefined ? undefined : asFileOrDirectory(files, rooted);
  if (fromRoot) return fromRoot;
  for (const dir of nodeModuleDirs(fromDir)) {
    const found = asFileOrDirectory(files, `${dir}/${id}`);
    if (found) return found;
  }
  return undefined;
}
