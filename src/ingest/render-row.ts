/**
 * Renders one message as the literal part of a VALUES row. The batch-level columns
 * (`_ingested_at`, `_batch_end_offset`, …) are appended at flush time, when they are known.
 */
import type { StreamMessage } from "../adapters/kafka/types.js";
import type { PayloadColumn } from "./avro/to-trino.js";
import { AvroTimestamp } from "./avro/timestamp.js";
import { renderJson, sqlEscape } from "./sql/json-rows.js";
import { quoteString, renderLiteral } from "./sql/literals.js";

/** `json`: rows are JSON arrays inside one string literal (fast); `values`: a VALUES list. */
export type RowFormat = "json" | "values";

function valueAt(record: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let v: unknown = record;
  for (const p of path) {
    if (v === null || v === undefined) return null;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

function keyText(key: Buffer | null): string {
  return key === null ? "NULL" : quoteString(key.toString("utf8"));
}

function kafkaTs(m: StreamMessage): string {
  return Number.isFinite(m.timestampMs) ? renderLiteral({ kind: "timestamptz" }, AvroTimestamp.fromMillis(m.timestampMs)) : "NULL";
}

/** payload columns, then _topic, _partition, _offset, _kafka_ts, _key, _schema_id */
export function renderGoodPrefix(
  columns: readonly PayloadColumn[],
  record: Readonly<Record<string, unknown>>,
  m: StreamMessage,
  schemaId: number,
  format: RowFormat = "values",
): string {
  if (format === "json") {
    const parts = columns.map((c) => renderJson(c.type, valueAt(record, c.path)));
    // _topic and _ingested_at are statement constants; _kafka_ts travels as epoch ms (see json-rows.ts)
    const ts = Number.isFinite(m.timestampMs) ? String(Math.trunc(m.timestampMs)) : "null";
    parts.push(String(m.partition), m.offset.toString(), ts, m.key === null ? "null" : JSON.stringify(m.key.toString("utf8")), String(schemaId));
    return sqlEscape(parts.join(","));
  }
  const parts = columns.map((c) => renderLiteral(c.type, valueAt(record, c.path)));
  parts.push(quoteString(m.topic), String(m.partition), m.offset.toString(), kafkaTs(m), keyText(m.key), String(schemaId));
  return parts.join(", ");
}

/** Dead letters keep the raw bytes; past this many base64 chars they are cut so the row still fits a statement. */
export const MAX_DEAD_LETTER_BASE64 = 256 * 1024;

/** _topic, _partition, _offset, _kafka_ts, _key, stream, raw_value_base64, error */
export function renderBadPrefix(stream: string, m: StreamMessage, error: string): string {
  let raw = m.value === null ? null : m.value.toString("base64");
  let err = error;
  if (raw !== null && raw.length > MAX_DEAD_LETTER_BASE64) {
    err = `${error} [raw value truncated from ${raw.length} base64 chars]`;
    raw = raw.slice(0, MAX_DEAD_LETTER_BASE64);
  }
  return [
    quoteString(m.topic),
    String(m.partition),
    m.offset.toString(),
    kafkaTs(m),
    keyText(m.key),
    quoteString(stream),
    raw === null ? "NULL" : quoteString(raw),
    quoteString(err.slice(0, 4000)),
  ].join(", ");
}
