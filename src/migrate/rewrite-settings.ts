/**
 * Project settings for Trino: the warehouse project (BigQuery project, Snowflake/Redshift
 * database) becomes the Trino catalog, the dataset stays the schema, warehouse-only keys go.
 * workflow_settings.yaml is edited as a YAML document, so its comments survive.
 */

import { parseDocument } from "yaml";
import { ignoredSettingsKeys } from "../config/foreign-settings.js";
import type { SettingsFileName } from "../config/project.js";

export interface SettingsRewrite {
  readonly text: string | undefined;
  readonly changes: readonly { readonly line: number; readonly message: string }[];
  /** The old project/database name, to map three-part names in SQL to the catalog. */
  readonly project: string | undefined;
}

function lineOfKey(text: string, key: string): number {
  const m = new RegExp(`(^|\\n)\\s*"?${key}"?\\s*:`).exec(text);
  return m ? text.slice(0, m.index + (m[1] ?? "").length).split("\n").length : 1;
}

export function rewriteSettings(name: SettingsFileName, text: string, catalog: string): SettingsRewrite {
  const changes: { line: number; message: string }[] = [];
  const projectKey = name === "dataform.json" ? "defaultDatabase" : "defaultProject";
  if (name === "dataform.json") {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (o["warehouse"] !== "trino") {
      changes.push({ line: lineOfKey(text, "warehouse"), message: `warehouse ${JSON.stringify(o["warehouse"] ?? null)} → "trino"` });
      o["warehouse"] = "trino";
    }
    const project = typeof o[projectKey] === "string" ? (o[projectKey] as string) : undefined;
    if (project !== catalog) {
      changes.push({ line: lineOfKey(text, projectKey), message: `${projectKey} ${JSON.stringify(project ?? null)} → Trino catalog "${catalog}"` });
      o[projectKey] = catalog;
    }
    for (const k of ignoredSettingsKeys(name)) {
      if (!(k in o)) continue;
      changes.push({ line: lineOfKey(text, k), message: `removed ${k} (no meaning on Trino)` });
      delete o[k];
    }
    return { text: changes.length ? `${JSON.stringify(o, null, 2)}\n` : undefined, changes, project };
  }
  const doc = parseDocument(text);
  const current = doc.get(projectKey);
  const project = typeof current === "string" ? current : undefined;
  if (project !== catalog) {
    changes.push({ line: lineOfKey(text, projectKey), message: `${projectKey} ${JSON.stringify(project ?? null)} → Trino catalog "${catalog}"` });
    doc.set(projectKey, catalog);
  }
  for (const k of ignoredSettingsKeys(name)) {
    if (!doc.has(k)) continue;
    changes.push({ line: lineOfKey(text, k), message: `removed ${k} (no meaning on Trino)` });
    doc.delete(k);
  }
  return { text: changes.length ? doc.toString() : undefined, changes, project };
}
