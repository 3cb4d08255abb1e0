/** Adapts the ingester's stream declarations to what lineage draws (topic → bronze). */
import type { StreamDecl } from "../ingest/streams.js";
import type { FileStreamDecl } from "../ingest/files/file-stream-decl.js";
import type { LineageStream } from "./types.js";

export function lineageStreams(streams: readonly StreamDecl[]): LineageStream[] {
  return streams.map((s) => ({
    name: s.name,
    topic: s.topic,
    file: s.file,
    description: s.description,
    target: `${s.target.catalog}.${s.target.schema}.${s.target.table}`,
    deadLetter: `${s.deadLetter.catalog}.${s.deadLetter.schema}.${s.deadLetter.table}`,
    columns: s.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  }));
}

/** File landings: prefix → bronze. */
export function lineageFileStreams(streams: readonly FileStreamDecl[]): LineageStream[] {
  return streams.map((s) => ({
    name: s.name,
    topic: s.location,
    location: s.location,
    file: s.file,
    description: s.description,
    target: `${s.target.catalog}.${s.target.schema}.${s.target.table}`,
    deadLetter: `${s.deadLetter.catalog}.${s.deadLetter.schema}.${s.deadLetter.table}`,
    columns: s.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
  }));
}
