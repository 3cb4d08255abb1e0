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

/**
 * `from_unixtime_nanos(ms * 1000000)` (json-rows.ts) overflows a BIGINT beyond ±9223372036854 ms
 * (1677-09-21 … 2262-04-11): "bigint multiplication overflow", NUMERIC_VALUE_OUT_OF_RANGE.
 */
const KAFKA_TS_LIMIT_MS = 9_223_372_036_854;

/**
 * The producer-set Kafka timestamp, in epoch ms, or undefined when the conversion cannot hold it.
 * Any int64 is a valid Kafka timestamp, and one that fails the conversion fails its whole batch
 * (and every retry of it), so the stream would stop there. `_kafka_ts` is then NULL: the row still
 * lands; its position (`_partition`, `_offset`) is what exactly once rests on.
 */
export function kafkaTimestampMs(m: StreamMessage): number | undefined {
  if (!Number.isFinite(m.timestampMs)) return undefined;
  const ms = Math.trunc(m.timestampMs);
  return Math.abs(ms) <= KAFKA_TS_LIMIT_MS ? ms : undefined;
}

function kafkaTs(m: StreamMessage): string {
  const ms = kafkaTimestampMs(m);
  return ms === undefined ? "NULL" : renderLiteral({ kind: "timestamptz" }, AvroTimestamp.fromMillis(ms));
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
    const ms = kafkaTimestampMs(m);
    const ts = ms === undefined ? "null" : String(ms);
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
