/**
 * Stream declarations (`streams/*.yaml`) for the compiler and lineage: each stream's topic,
 * bronze table and columns. Lives under config so `compile` can import it without importing
 * `ingest`; the loader's closure is pure (yaml, zod, avsc, node:fs — no Kafka, no Trino).
 */
export { loadStreams, STREAMS_DIR, type LoadedStreams } from "../ingest/streams.js";
export type { BronzeColumnInfo, StreamDecl, StreamFormat, TableRef } from "../ingest/stream-decl.js";
