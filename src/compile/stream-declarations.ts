/**
 * Each stream (`streams/<name>.yaml`, landed by `lakeform ingest`) exposes its bronze table and
 * its dead-letter table as declarations, so models can `ref()` them without declaring them again.
 * Only the target names are read here; the full stream validation (Avro schemas, batch limits)
 * belongs to the ingester and reports its own errors.
 */
import { escapeRegExp, findOffset, locationAt } from "../common/text-position.js";
import type { ActionDraft } from "./drafts.js";
import { newDraft } from "./drafts.js";
import type { SourceFile } from "./project-files.js";

interface StreamYaml {
  topic?: unknown;
  description?: unknown;
  target?: { catalog?: unknown; schema?: unknown; table?: unknown };
  deadLetter?: { table?: unknown; catalog?: unknown; schema?: unknown } | string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/** `schema.table`, `catalog.schema.table`, or an object with catalog/schema/table. */
function tableRef(v: unknown, fallbackCatalog: string | undefined): { database?: string; schema: string; name: string } | undefined {
  if (typeof v === "string") {
    const parts = v.split(".");
    if (parts.length === 2) return { ...(fallbackCatalog ? { database: fallbackCatalog } : {}), schema: parts[0]!, name: parts[1]! };
    if (parts.length === 3) return { database: parts[0]!, schema: parts[1]!, name: parts[2]! };
    return undefined;
  }
  if (v && typeof v === "object") {
    const o = v as { catalog?: unknown; schema?: unknown; table?: unknown };
    const schema = str(o.schema);
    const name = str(o.table);
    if (!schema || !name) return undefined;
    const database = str(o.catalog) ?? fallbackCatalog;
    return { ...(database ? { database } : {}), schema, name };
  }
  return undefined;
}

export function streamDeclarations(file: SourceFile, doc: unknown): ActionDraft[] {
  if (!doc || typeof doc !== "object") return [];
  const s = doc as StreamYaml;
  const topic = str(s.topic);
  if (!topic) return [];
  const catalog = str(s.target?.catalog);
  const out: ActionDraft[] = [];
  const add = (ref: { database?: string; schema: string; name: string } | undefined, description: string, tags: string[]) => {
    if (!ref) return;
    const at = Math.max(0, findOffset(file.text, new RegExp(`\\b${escapeRegExp(ref.name)}\\b`)));
    const d = newDraft("declaration", file.path, "yaml", locationAt(file.path, file.text, at), { ...ref, description, tags }, at);
    d.fromStream = { topic };
    out.push(d);
  };
  add(tableRef(s.target ? { ...s.target } : undefined, undefined), `${str(s.description) ?? "Bronze table"} — landed from Kafka topic \`${topic}\` by \`lakeform ingest\`.`, ["stream", "bronze"]);
  const dl = typeof s.deadLetter === "string" ? s.deadLetter : s.deadLetter?.table !== undefined ? (str(s.deadLetter.catalog) && str(s.deadLetter.schema) ? s.deadLetter : s.deadLetter.table) : undefined;
  add(tableRef(dl, catalog), `Dead letters of Kafka topic \`${topic}\`: messages that could not be decoded or validated (raw bytes, offset, error).`, ["stream", "dead-letter"]);
  return out;
}
