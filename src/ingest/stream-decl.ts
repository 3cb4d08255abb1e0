import type { PayloadColumn } from "./avro/to-trino.js";
import type { TableRef } from "../config/stream-file.js";

export type { TableRef } from "../config/stream-file.js";

export type StreamFormat =
  | { readonly encoding: "raw"; readonly schemaFile: string; readonly writerSchemaFile: string }
  | {
      readonly encoding: "confluent";
      readonly schemaFile: string;
      /** registry id → absolute .avsc path */
      readonly schemaIds: Readonly<Record<number, string>>;
      readonly registryUrl: string | undefined;
    }
  /** JSON messages typed by a contract: a JSON Schema, or an Avro schema read as one (ingest/json) */
  | { readonly encoding: "json"; readonly schemaFile: string; readonly contract: "jsonSchema" | "avro" };

export interface BronzeColumnInfo {
  readonly name: string;
  /** Trino type as SQL text, e.g. `ROW("uf" VARCHAR)` */
  readonly type: string;
  readonly origin: "payload" | "system";
  readonly description?: string | undefined;
}

/** A validated stream declaration (`streams/<name>.yaml`), with paths made absolute. */
export interface StreamDecl {
  readonly name: string;
  /** the declaring file, relative to the project dir */
  readonly file: string;
  readonly description: string | undefined;
  readonly topic: string;
  readonly format: StreamFormat;
  readonly target: TableRef & { readonly partitioning: readonly string[]; readonly nested: "row" | "flatten" };
  readonly deadLetter: TableRef;
  readonly keyField: string | undefined;
  readonly required: readonly string[];
  readonly batch: { readonly maxRows: number; readonly maxBytes: number; readonly maxAgeMs: number };
  readonly consumerGroup: string;
  /** what a string that is not valid UTF-8 does to its message (default dead letter) */
  readonly invalidUtf8: "deadLetter" | "replace";
  /** payload columns derived from the reader schema, in table order */
  readonly payloadColumns: readonly PayloadColumn[];
  /** every bronze column (payload then ingestion columns), for sources and lineage */
  readonly columns: readonly BronzeColumnInfo[];
}
