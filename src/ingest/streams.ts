/**
 * Loads and validates `streams/*.yaml`. Pure apart from reading files: returns every stream
 * that is valid plus diagnostics (file:line:col and a fix) for the rest, so the compiler can
 * expose bronze tables as sources and lineage can draw topic → bronze.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { Diagnostic } from "../common/errors.js";
import { parseAvroSchema } from "./avro/parse-schema.js";
import { payloadColumns, type PayloadColumn } from "./avro/to-trino.js";
import { BRONZE_SYSTEM_COLUMNS } from "./sql/system-columns.js";
import { typeSql } from "./sql/trino-type.js";
import type { StreamDecl, StreamFormat } from "./stream-decl.js";
import { streamName, streamTables, type StreamFile } from "../config/stream-file.js";
import { readStreamFile } from "../config/stream-file-read.js";
import { streamSourceOf } from "../config/stream-source.js";
import { checkPaths, checkPartitioning, checkWriterSchemas } from "./stream-checks.js";
import { jsonStreamParts, type StreamParts } from "./json/stream-parts.js";

export type { StreamDecl } from "./stream-decl.js";

export interface LoadedStreams {
  readonly streams: StreamDecl[];
  readonly diagnostics: Diagnostic[];
}

export const STREAMS_DIR = "streams";

export function loadStreams(projectDir: string): LoadedStreams {
  const dir = join(projectDir, STREAMS_DIR);
  const streams: StreamDecl[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(dir)) return { streams, diagnostics };
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  for (const f of files) {
    const decl = loadStreamFile(projectDir, join(dir, f), diagnostics);
    if (!decl) continue;
    const dup = streams.find((s) => s.name === decl.name);
    if (dup) {
      diagnostics.push({
        severity: "error",
        code: "stream-duplicate",
        message: `stream "${decl.name}" is declared twice (also in ${dup.file})`,
        location: { file: decl.file, line: 1, column: 1 },
        hint: "give one of them a different `name`",
      });
      continue;
    }
    streams.push(decl);
  }
  return { streams, diagnostics };
}

export function loadStreamFile(projectDir: string, absFile: string, diagnostics: Diagnostic[]): StreamDecl | undefined {
  const file = relative(projectDir, absFile) || absFile;
  const text = readFileSync(absFile, "utf8");
  // file landings (`source: files`) are loaded by ingest/files/load.ts
  if (streamSourceOf(text) === "files") return undefined;
  const read = readStreamFile(file, text);
  diagnostics.push(...read.diagnostics);
  if (!read.file) return undefined;
  return buildDecl(read.file, { projectDir, absFile, file, at: read.at, diagnostics });
}

interface BuildCtx {
  readonly projectDir: string;
  readonly absFile: string;
  readonly file: string;
  readonly at: (...path: PropertyKey[]) => import("../common/errors.js").SourceLocation;
  readonly diagnostics: Diagnostic[];
}

function readSchema(ctx: BuildCtx, rel: string, path: PropertyKey[]): { abs: string; type: ReturnType<typeof parseAvroSchema> } | undefined {
  const abs = resolve(dirname(ctx.absFile), rel);
  if (!existsSync(abs)) {
    ctx.diagnostics.push({
      severity: "error",
      code: "stream-schema-file",
      message: `Avro schema file "${rel}" not found (looked at ${relative(ctx.projectDir, abs)})`,
      location: ctx.at(...path),
      hint: "paths are relative to the stream's YAML file",
    });
    return undefined;
  }
  try {
    return { abs, type: parseAvroSchema(readFileSync(abs, "utf8")) };
  } catch (e) {
    ctx.diagnostics.push({
      severity: "error",
      code: "stream-avro",
      message: `invalid Avro schema ${rel}: ${e instanceof Error ? e.message : String(e)}`,
      location: ctx.at(...path),
    });
    return undefined;
  }
}

/** An Avro stream's format, payload columns and path check (JSON streams: json/stream-parts.ts). */
function avroParts(s: StreamFile, fmt: Exclude<StreamFile["format"], { encoding: "json" }>, ctx: BuildCtx): StreamParts | undefined {
  const reader = readSchema(ctx, fmt.schema, ["format", "schema"]);
  if (!reader) return undefined;
  let format: StreamFormat;
  const writers: { label: string; type: ReturnType<typeof parseAvroSchema>; path: PropertyKey[] }[] = [];
  if (fmt.encoding === "raw") {
    const w = fmt.writerSchema ? readSchema(ctx, fmt.writerSchema, ["format", "writerSchema"]) : reader;
    if (!w) return undefined;
    writers.push({ label: fmt.writerSchema ?? fmt.schema, type: w.type, path: ["format", "writerSchema"] });
    format = { encoding: "raw", schemaFile: reader.abs, writerSchemaFile: w.abs };
  } else {
    const ids: Record<number, string> = {};
    for (const [id, rel] of Object.entries(fmt.schemaIds ?? {})) {
      const w = readSchema(ctx, rel, ["format", "schemaIds", id]);
      if (!w) continue;
      ids[Number(id)] = w.abs;
      writers.push({ label: `schema id ${id} (${rel})`, type: w.type, path: ["format", "schemaIds", id] });
    }
    if (Object.keys(fmt.schemaIds ?? {}).length === 0 && !fmt.registryUrl) {
      ctx.diagnostics.push({
        severity: "error",
        code: "stream-config",
        message: "format: confluent encoding needs `schemaIds` or `registryUrl` to find writer schemas",
        location: ctx.at("format"),
        hint: "add `schemaIds: { 1: schemas/<name>.avsc }` or `registryUrl: http://…`",
      });
    }
    format = { encoding: "confluent", schemaFile: reader.abs, schemaIds: ids, registryUrl: fmt.registryUrl };
  }
  let payload: PayloadColumn[];
  try {
    payload = payloadColumns(reader.type, s.target.nested);
  } catch (e) {
    ctx.diagnostics.push({ severity: "error", code: "stream-avro", message: e instanceof Error ? e.message : String(e), location: ctx.at("format", "schema") });
    return undefined;
  }
  checkWriterSchemas(reader.type, writers, ctx);
  return { format, payload, checkPaths: (paths, keyPath) => checkPaths(reader.type, paths, keyPath, ctx) };
}

function buildDecl(s: StreamFile, ctx: BuildCtx): StreamDecl | undefined {
  const before = ctx.diagnostics.length;
  const name = streamName(s, basename(ctx.absFile));
  const parts = s.format.encoding === "json" ? jsonStreamParts(s.format, s.target.nested, ctx) : avroParts(s, s.format, ctx);
  if (!parts) return undefined;
  const { format, payload } = parts;
  checkColumnNames(payload, ctx);
  checkPartitioning(s.target.partitioning, [...payload.map((c) => c.name), ...BRONZE_SYSTEM_COLUMNS.map((c) => c.name)], ctx);
  parts.checkPaths(s.required, ["required"]);
  if (s.key) parts.checkPaths([s.key.field], ["key", "field"]);
  if (ctx.diagnostics.length > before) return undefined;

  const tables = streamTables(s, name);
  return {
    name,
    file: ctx.file,
    description: s.description,
    topic: s.topic,
    format,
    target: { ...tables.target, partitioning: s.target.partitioning, nested: s.target.nested },
    deadLetter: tables.deadLetter,
    keyField: s.key?.field,
    required: s.required,
    batch: s.batch,
    consumerGroup: s.consumer.group ?? `lakeform-ingest-${name}`,
    invalidUtf8: s.invalidUtf8,
    payloadColumns: payload,
    columns: [
      ...payload.map((c) => ({ name: c.name, type: typeSql(c.type), origin: "payload" as const })),
      ...BRONZE_SYSTEM_COLUMNS.map((c) => ({ name: c.name, type: typeSql(c.type), origin: "system" as const, description: c.description })),
    ],
  };
}

function checkColumnNames(payload: readonly PayloadColumn[], ctx: BuildCtx): void {
  const seen = new Set<string>(BRONZE_SYSTEM_COLUMNS.map((c) => c.name));
  for (const c of payload) {
    if (seen.has(c.name)) {
      ctx.diagnostics.push({
        severity: "error",
        code: "stream-column",
        message: `column "${c.name}" (from ${c.path.join(".")}) collides with another column`,
        location: ctx.at("format", "schema"),
        hint: c.name.startsWith("_") ? "names starting with _ are reserved for ingestion columns; rename the Avro field" : "Trino folds names to lower case; rename one field",
      });
    }
    seen.add(c.name);
  }
}
