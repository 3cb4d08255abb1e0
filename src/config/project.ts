/**
 * Project settings: read `dataform.json` or `workflow_settings.yaml` (never both), validate them
 * strictly and apply command-line overrides (`--vars`, `--schema-suffix`, `--table-prefix`).
 * `parseProjectSettings` is pure; `readProjectSettings` is the I/O edge.
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { Diagnostic } from "../common/errors.js";
import { errorMessage } from "../common/errors.js";
import { dataformJsonSchema, settingsKeyHints, workflowSettingsSchema } from "./project-schema.js";
import { parseWorkflows, type Workflow } from "./workflows.js";
import { stripForeignSettings } from "./foreign-settings.js";
import { salvageParse } from "./salvage.js";
import { zodIssuesToDiagnostics } from "./zod-diagnostics.js";

export type { SettingsFileName } from "./project-schema.js";
import type { SettingsFileName } from "./project-schema.js";

export interface ProjectSettings {
  readonly warehouse: "trino";
  /** Trino catalog. */
  readonly defaultDatabase: string;
  readonly defaultSchema: string;
  readonly assertionSchema: string;
  readonly vars: Readonly<Record<string, string>>;
  readonly schemaSuffix: string;
  readonly tablePrefix: string;
  /** Base of schema locations, `<locationBase>/<schema>` (from `lakeform.locationBase`). */
  readonly locationBase: string;
  /** The raw `lakeform` section, for connection/stack settings; not validated here. */
  readonly lakeform: Readonly<Record<string, unknown>>;
  /** `lakeform.workflows`: what `lakeform serve` runs on a cron (validated, see workflows.ts). */
  readonly workflows: readonly Workflow[];
  readonly settingsFile: SettingsFileName | undefined;
}

export interface SettingsOverrides {
  readonly vars?: Readonly<Record<string, string>>;
  readonly schemaSuffix?: string;
  readonly tablePrefix?: string;
}

export interface SettingsFile {
  readonly name: SettingsFileName;
  readonly text: string;
}

export const DEFAULT_SETTINGS: ProjectSettings = {
  warehouse: "trino",
  defaultDatabase: "iceberg",
  defaultSchema: "analytics",
  assertionSchema: "assertions",
  vars: {},
  schemaSuffix: "",
  tablePrefix: "",
  locationBase: "s3://warehouse",
  lakeform: {},
  workflows: [],
  settingsFile: undefined,
};

export interface SettingsResult {
  readonly settings: ProjectSettings;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseProjectSettings(files: readonly SettingsFile[], overrides: SettingsOverrides = {}): SettingsResult {
  const diagnostics: Diagnostic[] = [];
  let settings: ProjectSettings = DEFAULT_SETTINGS;
  if (files.length > 1) {
    diagnostics.push({
      severity: "error",
      code: "duplicate-settings",
      message: "both dataform.json and workflow_settings.yaml exist",
      location: { file: "workflow_settings.yaml", line: 1, column: 1 },
      hint: "keep only one of them (workflow_settings.yaml is Dataform v3's format)",
    });
  }
  const file = files[0];
  if (file) settings = parseOne(file, diagnostics);
  return { settings: applyOverrides(settings, overrides), diagnostics };
}

/** Where JSON.parse ("… (line 4 column 1)") or yaml (`linePos`) says the syntax error is. */
function parseErrorPosition(e: unknown, message: string): { line: number; column: number } {
  const linePos = (e as { linePos?: readonly { line: number; col: number }[] } | undefined)?.linePos?.[0];
  if (linePos) return { line: linePos.line, column: linePos.col };
  const m = /\(line (\d+) column (\d+)\)/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : { line: 1, column: 1 };
}

function parseOne(file: SettingsFile, diagnostics: Diagnostic[]): ProjectSettings {
  let raw: unknown;
  try {
    raw = file.name === "dataform.json" ? JSON.parse(file.text) : (parseYaml(file.text) ?? {});
  } catch (e) {
    const message = errorMessage(e);
    diagnostics.push({
      severity: "error",
      code: "invalid-settings",
      message: `cannot parse ${file.name}: ${message.split("\n")[0]}`,
      location: { file: file.name, ...parseErrorPosition(e, message) },
    });
    return { ...DEFAULT_SETTINGS, settingsFile: file.name };
  }
  const ctx = { file: file.name, text: file.text, what: file.name, keyHints: settingsKeyHints, codes: { unknownKey: "unknown-settings-key", invalid: "invalid-settings" } } as const;
  const foreign = stripForeignSettings(file.name, file.text, raw);
  diagnostics.push(...foreign.diagnostics);
  // A bad key is reported and dropped; vars and targets from the rest of the file still apply.
  if (file.name === "dataform.json") {
    const r = salvageParse(dataformJsonSchema, foreign.settings);
    if (r.error) diagnostics.push(...zodIssuesToDiagnostics(dataformJsonSchema, r.error, ctx));
    const d = r.data;
    if (!d) return { ...DEFAULT_SETTINGS, settingsFile: file.name };
    return withWorkflows(file, diagnostics, build(file.name, d.defaultDatabase, d.defaultSchema, d.assertionSchema, d.vars, d.schemaSuffix, d.tablePrefix, d.lakeform));
  }
  const r = salvageParse(workflowSettingsSchema, foreign.settings);
  if (r.error) diagnostics.push(...zodIssuesToDiagnostics(workflowSettingsSchema, r.error, ctx));
  const w = r.data;
  if (!w) return { ...DEFAULT_SETTINGS, settingsFile: file.name };
  return withWorkflows(file, diagnostics, build(file.name, w.defaultProject, w.defaultDataset, w.defaultAssertionDataset, w.vars, w.datasetSuffix, w.namePrefix, w.lakeform));
}

function withWorkflows(file: SettingsFile, diagnostics: Diagnostic[], s: ProjectSettings): ProjectSettings {
  const r = parseWorkflows(s.lakeform["workflows"], file.name, file.text);
  diagnostics.push(...r.diagnostics);
  return { ...s, workflows: r.workflows };
}

function build(
  settingsFile: SettingsFileName,
  database: string | undefined,
  schema: string | undefined,
  assertionSchema: string | undefined,
  vars: Record<string, string> | undefined,
  schemaSuffix: string | undefined,
  tablePrefix: string | undefined,
  lakeform: Record<string, unknown> | undefined,
): ProjectSettings {
  const base = lakeform?.["locationBase"];
  return {
    warehouse: "trino",
    defaultDatabase: database ?? DEFAULT_SETTINGS.defaultDatabase,
    defaultSchema: schema ?? DEFAULT_SETTINGS.defaultSchema,
    assertionSchema: assertionSchema ?? DEFAULT_SETTINGS.assertionSchema,
    vars: vars ?? {},
    schemaSuffix: schemaSuffix ?? "",
    tablePrefix: tablePrefix ?? "",
    locationBase: typeof base === "string" && base.length > 0 ? base.replace(/\/+$/, "") : DEFAULT_SETTINGS.locationBase,
    lakeform: lakeform ?? {},
    workflows: [],
    settingsFile,
  };
}

export function applyOverrides(s: ProjectSettings, o: SettingsOverrides): ProjectSettings {
  return {
    ...s,
    vars: { ...s.vars, ...o.vars },
    schemaSuffix: o.schemaSuffix ?? s.schemaSuffix,
    tablePrefix: o.tablePrefix ?? s.tablePrefix,
  };
}

/** Reads whichever settings files exist in `projectDir`. */
export function readSettingsFiles(projectDir: string): SettingsFile[] {
  const out: SettingsFile[] = [];
  for (const name of ["dataform.json", "workflow_settings.yaml"] as const) {
    const p = join(projectDir, name);
    if (existsSync(p)) out.push({ name, text: readFileSync(p, "utf8") });
  }
  return out;
}

export function readProjectSettings(projectDir: string, overrides: SettingsOverrides = {}): SettingsResult {
  return parseProjectSettings(readSettingsFiles(projectDir), overrides);
}

/** Parses `k=v,k2=v2` (the `--vars` flag). Values may contain `=`; commas separate pairs. */
export function parseVarsFlag(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of text.split(",")) {
    if (!pair.trim()) continue;
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new Error(`--vars expects k=v pairs separated by commas, got "${pair}"`);
    out[pair.slice(0, eq).trim()] = pair.slice(eq + 1);
  }
  return out;
}
