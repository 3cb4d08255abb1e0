/**
 * Watch mode's view of a project: the files in memory, updated one path at a time from file
 * events, so a one-file edit re-reads one file instead of the whole tree.
 */

import { existsSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import type { SettingsFile } from "../config/project.js";
import { readSettingsFiles } from "../config/project.js";
import type { ProjectFiles, SourceFile } from "./project-files.js";
import { isCompilerInput, loadProjectFiles, otherFileReader } from "./project-files.js";

export class ProjectFileStore {
  private readonly files = new Map<string, string>();
  private settings: SettingsFile[] = [];

  constructor(readonly projectDir: string) {
    const initial = loadProjectFiles(projectDir);
    for (const f of initial.files) this.files.set(f.path, f.text);
    this.settings = [...initial.settings];
  }

  /** Applies a change to an absolute or project-relative path; returns whether compile input changed. */
  update(path: string): boolean {
    const rel = relative(this.projectDir, join(this.projectDir, relative(this.projectDir, path) || path)).split(sep).join("/");
    if (rel === "dataform.json" || rel === "workflow_settings.yaml") {
      this.settings = readSettingsFiles(this.projectDir);
      return true;
    }
    if (!isCompilerInput(rel)) return false;
    const abs = join(this.projectDir, rel);
    if (existsSync(abs)) this.files.set(rel, readFileSync(abs, "utf8"));
    else this.files.delete(rel);
    return true;
  }

  snapshot(): ProjectFiles {
    const files: SourceFile[] = [...this.files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([path, text]) => ({ path, text }));
    return { settings: this.settings, files, readOther: otherFileReader(this.projectDir) };
  }
}
