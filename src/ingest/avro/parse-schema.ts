import avro from "avsc";
import { BigIntLongType, LOGICAL_TYPES } from "./logical-types.js";

/**
 * Parses an Avro schema with Lakeform's logical types and bigint longs. A fresh registry
 * per call: avsc adds every named type to it, and two versions of one schema share names.
 */
export function parseAvroSchema(schema: unknown): avro.Type {
  const parsed: unknown = typeof schema === "string" ? JSON.parse(schema) : schema;
  return avro.Type.forSchema(parsed as avro.Schema, {
    logicalTypes: LOGICAL_TYPES,
    registry: { long: BigIntLongType },
    wrapUnions: "auto",
  });
}
