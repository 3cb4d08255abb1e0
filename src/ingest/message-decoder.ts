/** The decoder of a stream's messages, by its encoding: Avro (raw or Confluent) or JSON. */
import { createDecoder, type MessageDecoder } from "./avro/decoder.js";
import { createJsonDecoder } from "./json/decoder.js";
import type { StreamDecl } from "./stream-decl.js";

export function createMessageDecoder(stream: StreamDecl): MessageDecoder {
  const fmt = stream.format;
  return fmt.encoding === "json" ? createJsonDecoder({ ...stream, format: fmt }) : createDecoder(stream);
}
