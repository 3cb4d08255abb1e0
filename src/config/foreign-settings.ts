/**
 * Settings a Dataform project has for its own warehouse (`"warehouse": "bigquery"`, notebook
 * runtimes, reservations…) are taken out before validation, each with a warning that says what
 * Lakeform does instead, so a Dataform project's settings load unchanged.
 */

import type { Diagnostic } from "../common/errors.js";
import { findOffset, keyPattern, locationAt } from "../common/text-position.js";
import type { SettingsFileName } from "./project-schema.js";

/** Dataform settings keys with no meaning on Trino, and what Lakeform does about them. */
const IGNORED: Readonly<Record<SettingsFileName, Readonly<Record<string, string>>>> = {
  "dataform.json": {
    databaseSuffix: "catalogs are never suffixed on Trino; schemaSuffix applies",
    useRunCache: "Lakeform decides what to rebuild from the warehouse state, not a run cache",
    idempotentActionRetries: "Lakeform retries Iceberg commit conflicts itself",
  },
  "workflow_settings.yaml": {
    projectSuffix: "catalogs are never suffixed on Trino; datasetSuffix applies",
    defaultNotebookRuntimeOptions: "notebook actions do not run on Trino",
    defaultReservation: "BigQuery reservations do not apply to Trino",
    defaultIcebergConfig: "BigLake Iceberg settings do not apply: tables live in the Trino catalog's warehouse",
    builtinAssertionNamePrefix: "built-in assertions keep Dataform's default names",
    disableAssertions: "assertions are selected with run/test flags instead",
    includeTestsInCompiledGraph: "unit tests are always compiled",
    preserveGovernanceControls: "BigQuery governance controls do not apply to Trino",
  },
};

/** The settings keys Lakeform ignores (with a warning) in each settings file. */
export function ignoredSettingsKeys(name: SettingsFileName): readonly string[] {
  return Object.keys(IGNORED[name]);
}

export function stripForeignSettings(name: SettingsFileName, text: string, raw: unknown): { settings: unknown; diagnostics: Diagnostic[] } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { settings: raw, diagnostics: [] };
  const out: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  const diagnostics: Diagnostic[] = [];
  const at = (key: string) => locationAt(name, text, Math.max(findOffset(text, keyPattern(key)), 0));
  const warehouse = out["warehouse"];
  if (name === "dataform.json" && warehouse !== undefined && warehouse !== "trino") {
    delete out["warehouse"];
    diagnostics.push({
      severity: "warning",
      code: "foreign-settings",
      message: `"warehouse": ${JSON.stringify(warehouse)} is ignored: Lakeform compiles for Trino`,
      location: at("warehouse"),
      hint: `set "warehouse": "trino" (lakeform migrate does); ${JSON.stringify(warehouse)}-specific SQL needs translating too`,
    });
  }
  for (const [key, why] of Object.entries(IGNORED[name])) {
    if (!(key in out)) continue;
    delete out[key];
    diagnostics.push({ severity: "warning", code: "foreign-settings", message: `"${key}" is ignored: ${why}`, location: at(key) });
  }
  return { settings: out, diagnostics };
}
