/**
 * Each stream (`streams/<name>.yaml`, landed by `lakeform ingest`) exposes its bronze table and
 * its dead-letter table as declarations, so models can `ref()` them without declaring them again.
 * The file is read by the same reader and defaults as the ingester (`config/stream-file*.ts`), so
 * a table that ingest lands is a table compile knows. The Avro schemas are checked by the
 * ingester, not here (compile never reads files beside the project's sources).
 */
import type { Diagnostic } from "../common/errors.js";
import { escapeRegExp, findOffset, locationAt } from "../common/text-position.js";
import { readStreamFile } from "../config/stream-file-read.js";
import { streamName, streamTables, type TableRef } from "../config/stream-file.js";
import type { ActionDraft } from "./drafts.js";
import { newDraft } from "./drafts.js";
import type { SourceFile } from "./project-files.js";
import { streamSourceOf } from "../config/stream-source.js";
import { fileStreamDeclarations } from "./file-stream-declarations.js";

export function streamDeclarations(file: SourceFile, diagnostics: Diagnostic[]): ActionDraft[] {
  if (streamSourceOf(file.text) === "files") return fileStreamDeclarations(file, diagnostics);
  const read = readStreamFile(file.path, file.text);
  diagnostics.push(...read.diagnostics);
  const s = read.file;
  if (!s) return [];
  const { target, deadLetter } = streamTables(s, streamName(s, file.path));
  const declare = (t: TableRef, description: string, tags: string[]): ActionDraft => {
    const at = Math.max(0, findOffset(file.text, new RegExp(`\\b${escapeRegExp(t.table)}\\b`)));
    const d = newDraft("declaration", file.path, "yaml", locationAt(file.path, file.text, at), { database: t.catalog, schema: t.schema, name: t.table, description, tags }, at);
    d.fromStream = { topic: s.topic };
    return d;
  };
  return [
    declare(target, `${s.description ?? "Bronze table"} — landed from Kafka topic \`${s.topic}\` by \`lakeform ingest\`.`, ["stream", "bronze"]),
    declare(deadLetter, `Dead letters of Kafka topic \`${s.topic}\`: messages that could not be decoded or validated (raw bytes, offset, error).`, ["stream", "dead-letter"]),
  ];
}
