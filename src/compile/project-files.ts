/**
 * The compiler's input: a project's files as text. Loading is the only I/O of compile; the
 * rest takes `ProjectFiles` and is pure, so tests and watch mode can feed files directly.
 */

import { type Dirent, existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { LakeformError } from "../common/errors.js";
import type { SettingsFile } from "../config/project.js";
import { readSettingsFiles } from "../config/project.js";

export interface SourceFile {
  /** Project-relative, `/`-separated, e.g. `definitions/silver/orders.sqlx`. */
  readonly path: string;
  readonly text: string;
}

export interface ProjectFiles {
  readonly settings: readonly SettingsFile[];
  /** Sorted by path: includes, definitions, sources, project materialization templates. */
  readonly files: readonly SourceFile[];
  /**
   * Reads a project-relative file outside `files` (the project's own package entry point, a
   * package in its node_modules) when a script `require`s it; undefined if there is none.
   */
  readonly readOther?: (path: string) => string | undefined;
}

/** Directories (relative to the project) the compiler reads; watch mode watches these too. */
export const SOURCE_DIRS = ["includes", "definitions", "sources", "streams", "seeds"] as const;

// .json for require(), .sql for definitions/actions.yaml, .ipynb to report notebook actions.
const WANTED = /\.(sqlx|js|json|sql|ipynb|ya?ml|sql\.hbs)$/;

export function isCompilerInput(path: string): boolean {
  if (/^seeds\/.+\.csv$/.test(path)) return true; // seeds: reference tables kept as CSV (compile/seeds.ts)
  return WANTED.test(path) && SOURCE_DIRS.some((d) => path.startsWith(`${d}/`));
}

function walk(root: string, rel: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(root, rel), { withFileTypes: true });
  } catch {
    return; // a missing directory is an empty one
  }
  for (const e of entries) {
    const name = e.name;
    if (name.startsWith(".") || name === "node_modules") continue;
    const childRel = `${rel}/${name}`;
    // Dirent types spare a stat per file; only symlinks need one.
    const isDir = e.isSymbolicLink() ? statSync(join(root, childRel), { throwIfNoEntry: false })?.isDirectory() === true : e.isDirectory();
    if (isDir) walk(root, childRel, out);
    else if (isCompilerInput(childRel)) out.push(childRel);
  }
}

export function listProjectFiles(projectDir: string): string[] {
  const out: string[] = [];
  for (const d of SOURCE_DIRS) walk(projectDir, d, out);
  return out.sort();
}

/**
 * A folder with neither a settings file nor `definitions/` is not a project: usually a typo in
 * the path. Compiling it as an empty project would report "0 actions" and succeed.
 */
export function assertProjectDir(projectDir: string, settings: readonly SettingsFile[]): void {
  if (settings.length > 0 || statSync(join(projectDir, "definitions"), { throwIfNoEntry: false })?.isDirectory()) return;
  const abs = resolve(projectDir);
  const why = existsSync(abs) ? "has no dataform.json, no workflow_settings.yaml and no definitions/ folder" : "does not exist";
  throw new LakeformError("usage", `${abs} is not a Lakeform project: it ${why}`, { hint: "pass the project folder (the one with dataform.json or workflow_settings.yaml), or run the command inside it" });
}

/** `listed` sees the paths before they are read (the CLI starts its compile worker there). */
export function loadProjectFiles(projectDir: string, listed?: (paths: readonly string[]) => void): ProjectFiles {
  const settings = readSettingsFiles(projectDir);
  assertProjectDir(projectDir, settings);
  const paths = listProjectFiles(projectDir);
  listed?.(paths);
  const files = paths.map((path) => ({ path, text: readFileSync(join(projectDir, path), "utf8") }));
  return { settings, files, readOther: otherFileReader(projectDir) };
}

export function otherFileReader(projectDir: string): (path: string) => string | undefined {
  return (path) => {
    if (path.startsWith("..") || path.startsWith("/")) return undefined;
    try {
      return readFileSync(join(projectDir, path), "utf8");
    } catch {
      return undefined; // missing, or a directory
    }
  };
}
