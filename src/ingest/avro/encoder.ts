/** Avro encoding for producers (the simulator, tests): raw body or Confluent framing. */
import type avro from "avsc";

export function encodeRaw(type: avro.Type, record: unknown): Buffer {
  return type.toBuffer(record);
}

/** Byte 0 = magic 0, bytes 1–4 = big-endian schema id, then the Avro body. */
export function encodeConfluent(type: avro.Type, schemaId: number, record: unknown): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, type.toBuffer(record)]);
}
