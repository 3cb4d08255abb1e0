/**
 * Dataform 3's `definitions/**\/actions.yaml`: actions declared as data, each pointing at a plain
 * `.sql` file (used verbatim: no `${…}` templating, dependencies come from `dependencyTargets`).
 * Keys are Dataform's action config (`dataset`, `project`, `dependencyTargets`, …) and are mapped
 * to the SQLX config keys, so validation and warehouse-key handling are the same as for SQLX.
 * Notebook and data preparation actions cannot run on Trino and are reported as such.
 */

import { posix } from "node:path";
import type { Diagnostic } from "../common/errors.js";
import { escapeRegExp, findOffset, locationAt } from "../common/text-position.js";
import type { ActionDraft } from "./drafts.js";
import { newDraft } from "./drafts.js";
import type { SourceFile } from "./project-files.js";

type Config = Record<string, unknown>;

const KINDS: Readonly<Record<string, string>> = {
  table: "table",
  view: "view",
  incrementalTable: "incremental",
  assertion: "assertion",
  operation: "operations",
  declaration: "declaration",
};
const UNSUPPORTED: Readonly<Record<string, string>> = {
  notebook: "notebook actions (.ipynb) do not run on Trino",
  dataPreparation: "BigQuery data preparations do not run on Trino",
};

function isObject(v: unknown): v is Config {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function target(t: unknown): unknown {
  if (!isObject(t)) return t;
  const { dataset, project, ...rest } = t;
  return { ...rest, ...(dataset !== undefined ? { schema: dataset } : {}), ...(project !== undefined ? { database: project } : {}) };
}

/** `[{ path: ["a", "b"], description }]` → `{ a: { columns: { b: "…" } } }`. */
function columns(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  const out: Config = {};
  for (const c of list) {
    if (!isObject(c) || !Array.isArray(c["path"]) || c["path"].length === 0) continue;
    const path = c["path"].map(String);
    let level = out;
    for (const part of path.slice(0, -1)) {
      const node = isObject(level[part]) ? (level[part] as Config) : (level[part] = { columns: {} } as Config);
      if (!isObject(node["columns"])) node["columns"] = {};
      level = node["columns"] as Config;
    }
    level[path[path.length - 1] as string] = typeof c["description"] === "string" ? c["description"] : "";
  }
  return out;
}

function assertions(a: unknown): unknown {
  if (!isObject(a) || !Array.isArray(a["uniqueKeys"])) return a;
  // Dataform 3: uniqueKeys: [{ uniqueKey: ["a", "b"] }]
  return { ...a, uniqueKeys: a["uniqueKeys"].map((k: unknown) => (isObject(k) ? k["uniqueKey"] : k)) };
}

function toSqlxConfig(c: Config): Config {
  const out: Config = {};
  for (const [k, v] of Object.entries(c)) {
    if (k === "filename") continue;
    else if (k === "dataset") out["schema"] = v;
    else if (k === "project") out["database"] = v;
    else if (k === "dependencyTargets") out["dependencies"] = Array.isArray(v) ? v.map(target) : v;
    else if (k === "columns") out["columns"] = columns(v);
    else if (k === "assertions") out["assertions"] = assertions(v);
    else if (k === "preOperations" || k === "postOperations") continue; // become pre/post ops below
    else out[k] = v;
  }
  return out;
}

function baseName(filename: string): string {
  const b = posix.basename(filename);
  const dot = b.lastIndexOf(".");
  return dot > 0 ? b.slice(0, dot) : b;
}

export function yamlActions(file: SourceFile, doc: unknown, read: (path: string) => string | undefined, diagnostics: Diagnostic[]): ActionDraft[] {
  const list = isObject(doc) ? doc["actions"] : undefined;
  if (list === undefined) return [];
  const at = (needle: string | undefined) => {
    const offset = needle ? findOffset(file.text, new RegExp(escapeRegExp(needle))) : -1;
    return { offset: Math.max(offset, 0), location: locationAt(file.path, file.text, Math.max(offset, 0)) };
  };
  if (!Array.isArray(list)) {
    diagnostics.push({ severity: "error", code: "invalid-yaml", message: "expected `actions:` to be a list", location: at("actions").location });
    return [];
  }
  const drafts: ActionDraft[] = [];
  for (const entry of list) {
    const [key, body] = isObject(entry) ? (Object.entries(entry)[0] ?? []) : [];
    const config: Config = isObject(body) ? body : {};
    const filename = typeof config["filename"] === "string" ? config["filename"] : undefined;
    const where = at(filename ?? (typeof config["name"] === "string" ? config["name"] : key));
    if (key !== undefined && UNSUPPORTED[key]) {
      diagnostics.push({ severity: "warning", code: "unsupported-action", message: `${key} action${filename ? ` ${filename}` : ""} is skipped: ${UNSUPPORTED[key]}`, location: where.location, hint: "run it outside Lakeform, or rewrite it as SQL" });
      continue;
    }
    const kind = key === undefined ? undefined : KINDS[key];
    if (!kind) {
      diagnostics.push({ severity: "error", code: "unknown-action-type", message: `unknown action "${key ?? String(entry)}" in ${file.path}`, location: where.location, hint: `valid actions: ${Object.keys(KINDS).join(", ")}` });
      continue;
    }
    const sqlx = toSqlxConfig(config);
    if (sqlx["name"] === undefined && filename) sqlx["name"] = baseName(filename);
    const d = newDraft(kind, file.path, "yaml", where.location, sqlx, where.offset);
    if (kind !== "declaration") {
      const path = filename ? posix.normalize(posix.join(posix.dirname(file.path), filename)) : undefined;
      const sql = path && !path.endsWith(".sqlx") ? read(path) : undefined;
      if (sql === undefined) {
        const why = !filename ? "has no filename" : path?.endsWith(".sqlx") ? "points at a .sqlx file (SQLX files are compiled from definitions/ directly; use a .sql file)" : `points at ${path}, which does not exist`;
        diagnostics.push({ severity: "error", code: "missing-file", message: `${key} action ${why}`, location: where.location });
        continue;
      }
      d.query = kind === "operations" ? [sql] : sql;
      for (const op of [config["preOperations"]].flat()) if (typeof op === "string") d.preOps.push(op);
      for (const op of [config["postOperations"]].flat()) if (typeof op === "string") d.postOps.push(op);
    }
    drafts.push(d);
  }
  return drafts;
}
