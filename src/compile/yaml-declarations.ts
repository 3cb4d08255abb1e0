/**
 * `sources/*.yaml`: external tables (e.g. bronze tables written by the Kafka ingester) declared
 * as data: `declarations: [{ schema, name, description?, columns? }]` or a bare list.
 */

import type { Diagnostic } from "../common/errors.js";
import { findOffset, escapeRegExp, locationAt } from "../common/text-position.js";
import type { ActionDraft } from "./drafts.js";
import { newDraft } from "./drafts.js";
import type { SourceFile } from "./project-files.js";

export function yamlDeclarations(file: SourceFile, doc: unknown, diagnostics: Diagnostic[]): ActionDraft[] {
  const list = Array.isArray(doc) ? doc : (doc as { declarations?: unknown } | null)?.declarations;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) {
    diagnostics.push({ severity: "error", code: "invalid-yaml", message: "expected `declarations:` to be a list", location: { file: file.path, line: 1, column: 1 } });
    return [];
  }
  return list.map((entry: unknown) => {
    const config: Record<string, unknown> = typeof entry === "object" && entry !== null ? { ...(entry as Record<string, unknown>) } : { name: entry };
    const name = typeof config["name"] === "string" ? config["name"] : "";
    const at = name ? findOffset(file.text, new RegExp(`\\bname\\s*:\\s*["']?${escapeRegExp(name)}\\b`)) : -1;
    delete config["type"];
    return newDraft("declaration", file.path, "yaml", locationAt(file.path, file.text, Math.max(at, 0)), config, Math.max(at, 0));
  });
}
