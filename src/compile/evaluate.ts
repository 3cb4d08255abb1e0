/**
 * Runs every project file in ONE `node:vm` context: includes first (their exports become
 * globals named after the file), then definitions and sources in path order, as Dataform does.
 * Files only register drafts; nothing is resolved here.
 */

import vm from "node:vm";
import { posix } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Diagnostic, SourceLocation } from "../common/errors.js";
import { errorMessage } from "../common/errors.js";
import type { ProjectSettings } from "../config/project.js";
import type { ActionDraft } from "./drafts.js";
import { createJsApi } from "./js-api.js";
import { locateError } from "./locate-error.js";
import { intervalBounds } from "./query-context.js";
import type { ProjectFiles, SourceFile } from "./project-files.js";
import { sqlxDraft, type SqlxActionArgs } from "./sqlx-action.js";
import { resolveModule } from "./module-resolver.js";
import { isScriptFile, type TranspileCache } from "./transpile-cache.js";
import { streamDeclarations } from "./stream-declarations.js";
import { isSeedFile, seedDraft, seedYamlPaths } from "./seeds.js";
import { yamlActions } from "./yaml-actions.js";
import { yamlDeclarations } from "./yaml-declarations.js";

export interface Evaluation {
  readonly drafts: readonly ActionDraft[];
  readonly diagnostics: readonly Diagnostic[];
  /** File texts by path, for locating errors found later. */
  readonly texts: ReadonlyMap<string, string>;
}

interface Module {
  exports: unknown;
}

type ModuleFn = (exports: unknown, require: (id: string) => unknown, module: Module, filename: string, dirname: string) => void;

/** Dataform's `dataform.projectConfig`, as JS definitions read it. */
function projectConfigView(s: ProjectSettings): Record<string, unknown> {
  return {
    warehouse: s.warehouse,
    defaultDatabase: s.defaultDatabase,
    defaultSchema: s.defaultSchema,
    assertionSchema: s.assertionSchema,
    schemaSuffix: s.schemaSuffix,
    tablePrefix: s.tablePrefix,
    vars: { ...s.vars },
  };
}

function parseJsonModule(file: SourceFile, modules: Map<string, Module>): unknown {
  const cached = modules.get(file.path);
  if (cached) return cached.exports;
  const module: Module = { exports: JSON.parse(file.text) as unknown };
  modules.set(file.path, module);
  return module.exports;
}

export function evaluateProject(project: ProjectFiles, settings: ProjectSettings, cache: TranspileCache): Evaluation {
  const drafts: ActionDraft[] = [];
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map<string, SourceFile>(project.files.map((f) => [f.path, f]));
  const texts = new Map<string, string>(project.files.map((f) => [f.path, f.text]));
  const modules = new Map<string, Module>();
  let current: SourceFile = { path: "", text: "" };

  const site = {
    current(): { file: string; location: SourceLocation } {
      return { file: current.path, location: locateError(new Error(), current.path, current.text) };
    },
  };
  const api = createJsApi(site, (d) => drafts.push(d));
  const dataform = {
    projectConfig: projectConfigView(settings),
    sqlxAction: (args: SqlxActionArgs) => void drafts.push(sqlxDraft(args, current.path, current.text, diagnostics)),
    ...api,
  };
  const sandbox: Record<string, unknown> = { dataform, console, ...api, ...intervalBounds };
  const context = vm.createContext(sandbox, { name: "lakeform-project" });
  sandbox["global"] = vm.runInContext("globalThis", context);

  const others = new Map<string, SourceFile | undefined>();
  const fileAt = (path: string): SourceFile | undefined => {
    const listed = byPath.get(path);
    if (listed || !project.readOther) return listed;
    if (!others.has(path)) {
      const text = project.readOther(path);
      others.set(path, text === undefined ? undefined : { path, text });
    }
    return others.get(path);
  };
  const moduleFiles = { exists: (p: string) => fileAt(p) !== undefined, read: (p: string) => fileAt(p)?.text };

  const load = (file: SourceFile): unknown => {
    const cached = modules.get(file.path);
    if (cached) return cached.exports;
    const module: Module = { exports: {} };
    modules.set(file.path, module);
    const require = (id: string): unknown => {
      const target = resolveModule(moduleFiles, file.path, id);
      const dep = target && fileAt(target.path);
      if (!target || !dep) throw new Error(`Cannot find module '${id}' from ${file.path} (looked in the project and its node_modules)`);
      if (target.kind === "json") return parseJsonModule(dep, modules);
      const outer = current;
      current = dep;
      try {
        return load(dep);
      } finally {
        current = outer;
      }
    };
    try {
      const fn = cache.script(file.path, file.text).runInContext(context) as ModuleFn;
      fn(module.exports, require, module, file.path, posix.dirname(file.path));
    } catch (e) {
      // A module that failed must fail again for the next require, not hand out half its exports.
      modules.delete(file.path);
      throw e;
    }
    return module.exports;
  };

  const run = (file: SourceFile, onLoaded?: (exports: unknown) => void): void => {
    current = file;
    try {
      const exports = load(file);
      onLoaded?.(exports);
    } catch (e) {
      diagnostics.push({ severity: "error", code: "evaluation-error", message: errorMessage(e), location: locateError(e, file.path, file.text) });
    }
  };

  for (const f of project.files) {
    // Dataform exposes only top-level includes/*.js as globals.
    if (/^includes\/[^/]+\.js$/.test(f.path)) run(f, (exports) => (sandbox[posix.basename(f.path, ".js")] = exports));
  }
  for (const f of project.files) {
    if (/^streams\/[^/]+\.ya?ml$/.test(f.path)) {
      drafts.push(...streamDeclarations(f, diagnostics));
      continue;
    }
    if (isSeedFile(f.path)) {
      const yaml = seedYamlPaths(f.path).map((p) => byPath.get(p)).find((y) => y !== undefined);
      const d = seedDraft(f, yaml, diagnostics);
      if (d) drafts.push(d);
      continue;
    }
    if (/^seeds\/.+\.ya?ml$/.test(f.path)) {
      const csv = f.path.replace(/\.ya?ml$/, ".csv");
      if (!byPath.has(csv)) diagnostics.push({ severity: "warning", code: "missing-file", message: `${f.path} describes a seed, but ${csv} does not exist`, location: { file: f.path, line: 1, column: 1 }, hint: `add ${csv} (a header line, then one line per row), or delete ${f.path}` });
      continue;
    }
    if (/^definitions\/(.+\/)?actions\.yaml$/.test(f.path)) {
      try {
        drafts.push(...yamlActions(f, parseYaml(f.text) as unknown, (p) => fileAt(p)?.text, diagnostics));
      } catch (e) {
        diagnostics.push({ severity: "error", code: "invalid-yaml", message: errorMessage(e), location: { file: f.path, line: 1, column: 1 } });
      }
      continue;
    }
    if (!f.path.startsWith("definitions/") && !f.path.startsWith("sources/")) continue;
    if (isScriptFile(f.path)) run(f);
    else if (/\.ya?ml$/.test(f.path) && f.path.startsWith("sources/")) {
      try {
        drafts.push(...yamlDeclarations(f, parseYaml(f.text) as unknown, diagnostics));
      } catch (e) {
        diagnostics.push({ severity: "error", code: "invalid-yaml", message: errorMessage(e), location: { file: f.path, line: 1, column: 1 } });
      }
    }
  }
  return { drafts, diagnostics, texts };
}
