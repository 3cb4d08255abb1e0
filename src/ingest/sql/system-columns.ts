/**
 * Columns the ingester adds to every bronze row and every dead-letter row. They make landing
 * exactly-once: (_topic, _partition, _offset) identifies a message, and `_batch_end_offset`
 * (the last offset of that partition in the batch, good or bad) is how far a committed batch
 * got — the resume point survives batches whose last messages were dead-lettered.
 */
import type { TrinoType } from "./trino-type.js";

export interface SystemColumn {
  readonly name: string;
  readonly type: TrinoType;
  readonly description: string;
}

const varchar: TrinoType = { kind: "varchar" };
const integer: TrinoType = { kind: "integer" };
const bigint: TrinoType = { kind: "bigint" };
const ts: TrinoType = { kind: "timestamptz" };

export const BRONZE_SYSTEM_COLUMNS: readonly SystemColumn[] = [
  { name: "_topic", type: varchar, description: "Kafka topic the message was read from" },
  { name: "_partition", type: integer, description: "Kafka partition" },
  { name: "_offset", type: bigint, description: "Kafka offset; unique per (_topic, _partition)" },
  { name: "_kafka_ts", type: ts, description: "Kafka record timestamp" },
  { name: "_key", type: varchar, description: "Kafka message key (UTF-8)" },
  { name: "_schema_id", type: integer, description: "writer schema id (Confluent registry id; 0 for raw Avro)" },
  { name: "_ingested_at", type: ts, description: "when the batch was written to bronze" },
  { name: "_batch_end_offset", type: bigint, description: "last offset of this partition in the same batch" },
  { name: "_batch_high_watermark", type: bigint, description: "partition log-end offset when the batch was fetched (lag)" },
];

export const DEAD_LETTER_COLUMNS: readonly SystemColumn[] = [
  { name: "_topic", type: varchar, description: "Kafka topic" },
  { name: "_partition", type: integer, description: "Kafka partition" },
  { name: "_offset", type: bigint, description: "Kafka offset" },
  { name: "_kafka_ts", type: ts, description: "Kafka record timestamp" },
  { name: "_key", type: varchar, description: "Kafka message key (UTF-8)" },
  { name: "stream", type: varchar, description: "Lakeform stream name" },
  { name: "raw_value_base64", type: varchar, description: "the message value, base64" },
  { name: "error", type: varchar, description: "why it could not be landed" },
  { name: "_ingested_at", type: ts, description: "when it was dead-lettered" },
  { name: "_batch_end_offset", type: bigint, description: "last offset of this partition in the same batch" },
  {
    name: "_covers_batch",
    type: { kind: "boolean" },
    description: "true when the batch had no good message for this partition (so this insert alone completed it)",
  },
];
