/**
 * A file landing (`streams/<name>.yaml` with `source: files`) exposes its bronze table and its
 * dead-letter table as declarations, like a Kafka stream does (stream-declarations.ts), so models
 * `ref()` what `lakeform ingest` lands. Read with the same reader and defaults as the ingester.
 */
import type { Diagnostic } from "../common/errors.js";
import { escapeRegExp, findOffset, locationAt } from "../common/text-position.js";
import { readFileStreamFile } from "../config/file-stream-read.js";
import { fileStreamName, fileStreamTables } from "../config/file-stream-file.js";
import type { TableRef } from "../config/stream-file.js";
import type { ActionDraft } from "./drafts.js";
import { newDraft } from "./drafts.js";
import type { SourceFile } from "./project-files.js";

export function fileStreamDeclarations(file: SourceFile, diagnostics: Diagnostic[]): ActionDraft[] {
  const read = readFileStreamFile(file.path, file.text);
  diagnostics.push(...read.diagnostics);
  const s = read.file;
  if (!s) return [];
  const { target, deadLetter } = fileStreamTables(s, fileStreamName(s, file.path));
  const declare = (t: TableRef, description: string, tags: string[]): ActionDraft => {
    const at = Math.max(0, findOffset(file.text, new RegExp(`\\b${escapeRegExp(t.table)}\\b`)));
    const d = newDraft("declaration", file.path, "yaml", locationAt(file.path, file.text, at), { database: t.catalog, schema: t.schema, name: t.table, description, tags }, at);
    d.fromStream = { location: s.location };
    return d;
  };
  return [
    declare(target, `${s.description ?? "Bronze table"} — landed from ${s.format.encoding.toUpperCase()} files under \`${s.location}\` by \`lakeform ingest\`.`, ["stream", "files", "bronze"]),
    declare(deadLetter, `Dead letters of the files under \`${s.location}\`: records that could not be parsed or typed (object, line, raw text, error).`, ["stream", "files", "dead-letter"]),
  ];
}
