/**
 * The compiler's input: a project's files as text. Loading is the only I/O of compile; the
 * rest takes `ProjectFiles` and is pure, so tests and watch mode can feed files directly.
 */

import { type Dirent, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
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
export const SOURCE_DIRS = ["includes", "definitions", "sources", "streams"] as const;

// .json for require(), .sql for definitions/actions.yaml, .ipynb to report notebook actions.
const WANTED = /\.(sqlx|js|json|sql|ipynb|ya?ml|sql\.hbs)$/;

export function isCompilerInput(path: string): boolean {
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

/** `listed` sees the paths before they are read (the CLI starts its compile worker there). */
export function loadProjectFiles(projectDir: string, listed?: (paths: readonly string[]) => void): ProjectFiles {
  const paths = listProjectFiles(projectDir);
  listed?.(paths);
  const files = paths.map((path) => ({ path, text: readFileSync(join(projectDir, path), "utf8") }));
  return { settings: readSettingsFiles(projectDir), files, readOther: otherFileReader(projectDir) };
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
