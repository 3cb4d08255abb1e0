/**
 * Materialization templates: the SQL layout of every statement Lakeform generates, as Handlebars
 * files in `templates/materializations/` (shipped with the package). A project overrides one by
 * adding `includes/materializations/<name>.sql.hbs`. Values are pre-quoted by the dialect, so
 * templates only arrange them; HTML escaping is off because this is SQL, not HTML.
 */

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";

export const MATERIALIZATIONS = [
  "create-schema",
  "table",
  "view",
  "merge",
  "insert",
  "add-column",
  "drop-column",
  "set-column-type",
  "drop-relation",
  "assertion",
  "test",
  "optimize",
  "expire-snapshots",
  "remove-orphan-files",
  "create-table",
  "rename-table",
  "time-range-merge",
  "time-range-create",
  "replace-merge",
  "snapshot-table",
  "snapshot-merge",
] as const;
export type MaterializationName = (typeof MATERIALIZATIONS)[number];

export type TemplateFn = (context: object) => string;
export type Materializations = Readonly<Record<MaterializationName, TemplateFn>>;

/** Project-relative directory of overrides. */
export const OVERRIDE_DIR = "includes/materializations";

// Same relative path from src/adapters/trino/ and dist/adapters/trino/ to the package root.
export function defaultTemplateDir(): string {
  return fileURLToPath(new URL("../../../templates/materializations/", import.meta.url));
}

const hbs = Handlebars.create();

export function compileTemplate(text: string): TemplateFn {
  const fn = hbs.compile(text, { noEscape: true });
  return (context) => fn(context).trim();
}

let defaults: Readonly<Record<MaterializationName, string>> | undefined;

export function defaultTemplateTexts(): Readonly<Record<MaterializationName, string>> {
  if (!defaults) {
    const dir = defaultTemplateDir();
    defaults = Object.fromEntries(MATERIALIZATIONS.map((n) => [n, readFileSync(`${dir}${n}.sql.hbs`, "utf8")])) as Record<MaterializationName, string>;
  }
  return defaults;
}

export function isMaterializationName(n: string): n is MaterializationName {
  return (MATERIALIZATIONS as readonly string[]).includes(n);
}

/** Overrides from project files (`includes/materializations/<name>.sql.hbs`), by name. */
export function overridesFromFiles(files: readonly { path: string; text: string }[]): Map<MaterializationName, string> {
  const out = new Map<MaterializationName, string>();
  for (const f of files) {
    const m = /^includes\/materializations\/([a-z-]+)\.sql\.hbs$/.exec(f.path);
    if (m?.[1] && isMaterializationName(m[1])) out.set(m[1], f.text);
  }
  return out;
}

export function loadMaterializations(overrides: ReadonlyMap<MaterializationName, string> = new Map()): Materializations {
  const texts = defaultTemplateTexts();
  return Object.fromEntries(MATERIALIZATIONS.map((n) => [n, compileTemplate(overrides.get(n) ?? texts[n])])) as Record<MaterializationName, TemplateFn>;
}
