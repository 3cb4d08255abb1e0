/**
 * Loads the file landings of a project (`streams/*.yaml` with `source: files`): validated
 * declarations plus located diagnostics, like `loadStreams` does for Kafka streams.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type avro from "avsc";
import type { Diagnostic, SourceLocation } from "../../common/errors.js";
import { readFileStreamFile } from "../../config/file-stream-read.js";
import { fileStreamName, fileStreamTables, splitS3Uri, type FileStreamFile } from "../../config/file-stream-file.js";
import { streamSourceOf } from "../../config/stream-source.js";
import { parseAvroSchema } from "../avro/parse-schema.js";
import { payloadColumns, type PayloadColumn } from "../avro/to-trino.js";
import { checkPartitioning, checkPaths } from "../stream-checks.js";
import type { JsonContract } from "../json/contract.js";
import { contractKind, loadJsonContract } from "../json/load-contract.js";
import { typeSql } from "../sql/trino-type.js";
import type { FileStreamDecl } from "./file-stream-decl.js";
import { FILE_SYSTEM_COLUMNS } from "./system-columns.js";

export interface LoadedFileStreams {
  readonly streams: FileStreamDecl[];
  readonly diagnostics: Diagnostic[];
}

export function loadFileStreams(projectDir: string): LoadedFileStreams {
  const dir = join(projectDir, "streams");
  const streams: FileStreamDecl[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!existsSync(dir)) return { streams, diagnostics };
  for (const f of readdirSync(dir).filter((x) => /\.ya?ml$/.test(x)).sort()) {
    const abs = join(dir, f);
    const text = readFileSync(abs, "utf8");
    if (streamSourceOf(text) !== "files") continue;
    const rel = relative(projectDir, abs) || abs;
    const read = readFileStreamFile(rel, text);
    diagnostics.push(...read.diagnostics);
    if (!read.file) continue;
    const decl = buildDecl(read.file, { projectDir, absFile: abs, file: rel, at: read.at, diagnostics });
    if (decl) streams.push(decl);
  }
  return { streams, diagnostics };
}

interface Ctx {
  readonly projectDir: string;
  readonly absFile: string;
  readonly file: string;
  readonly at: (...path: PropertyKey[]) => SourceLocation;
  readonly diagnostics: Diagnostic[];
}

function readSchema(ctx: Ctx, rel: string): avro.Type | undefined {
  const abs = resolve(dirname(ctx.absFile), rel);
  if (!existsSync(abs)) {
    ctx.diagnostics.push({ severity: "error", code: "stream-schema-file", message: `schema file "${rel}" not found (looked at ${relative(ctx.projectDir, abs)})`, location: ctx.at("format", "schema"), hint: "paths are relative to the stream's YAML file" });
    return undefined;
  }
  try {
    return parseAvroSchema(readFileSync(abs, "utf8"));
  } catch (e) {
    ctx.diagnostics.push({ severity: "error", code: "stream-avro", message: `invalid Avro schema ${rel}: ${e instanceof Error ? e.message : String(e)}`, location: ctx.at("format", "schema") });
    return undefined;
  }
}

const CSV_KINDS = new Set(["boolean", "integer", "bigint", "real", "double", "varchar", "date", "timestamptz", "decimal"]);

function buildDecl(s: FileStreamFile, ctx: Ctx): FileStreamDecl | undefined {
  const before = ctx.diagnostics.length;
  const name = fileStreamName(s, basename(ctx.absFile));
  const abs = resolve(dirname(ctx.absFile), s.format.schema);
  let type: avro.Type | undefined;
  let contract: JsonContract | undefined;
  let payload: PayloadColumn[];
  if (contractKind(abs, undefined) === "jsonSchema") {
    if (!existsSync(abs)) {
      ctx.diagnostics.push({ severity: "error", code: "stream-schema-file", message: `schema file "${s.format.schema}" not found (looked at ${relative(ctx.projectDir, abs)})`, location: ctx.at("format", "schema"), hint: "paths are relative to the stream's YAML file" });
      return undefined;
    }
    try {
      contract = loadJsonContract(abs, "jsonSchema", { nested: s.target.nested, required: s.required });
    } catch (e) {
      ctx.diagnostics.push({ severity: "error", code: "stream-json-contract", message: `invalid JSON Schema ${s.format.schema}: ${e instanceof Error ? e.message : String(e)}`, location: ctx.at("format", "schema") });
      return undefined;
    }
    payload = [...contract.columns];
  } else {
    type = readSchema(ctx, s.format.schema);
    if (!type) return undefined;
    try {
      payload = payloadColumns(type, s.target.nested);
    } catch (e) {
      ctx.diagnostics.push({ severity: "error", code: "stream-avro", message: e instanceof Error ? e.message : String(e), location: ctx.at("format", "schema") });
      return undefined;
    }
  }
  const reserved = new Set(FILE_SYSTEM_COLUMNS.map((c) => c.name));
  for (const c of payload) {
    if (reserved.has(c.name)) ctx.diagnostics.push({ severity: "error", code: "stream-column", message: `column "${c.name}" collides with an ingestion column`, location: ctx.at("format", "schema"), hint: "names starting with _ are reserved for ingestion columns; rename the field" });
    if (s.format.encoding === "csv" && !CSV_KINDS.has(c.type.kind)) {
      ctx.diagnostics.push({ severity: "error", code: "stream-column", message: `CSV column "${c.name}" has type ${typeSql(c.type)}, which a CSV field cannot hold`, location: ctx.at("format", "schema"), hint: 'use scalar fields (string, numbers, boolean, date, timestamp, decimal) or `nested: flatten`' });
    }
  }
  checkPartitioning(s.target.partitioning, [...payload.map((c) => c.name), ...FILE_SYSTEM_COLUMNS.map((c) => c.name)], ctx);
  if (type) {
    checkPaths(type, s.required, ["required"], ctx);
    if (s.key) checkPaths(type, [s.key.field], ["key", "field"], ctx);
  }
  let pattern: RegExp | undefined;
  if (s.pattern) {
    try {
      pattern = new RegExp(s.pattern);
    } catch (e) {
      ctx.diagnostics.push({ severity: "error", code: "stream-config", message: `pattern: ${e instanceof Error ? e.message : String(e)}`, location: ctx.at("pattern") });
    }
  }
  const { bucket, prefix } = splitS3Uri(s.location);
  const archive = s.archive ? splitS3Uri(s.archive.to) : undefined;
  if (archive && archive.bucket === bucket && archive.prefix.startsWith(prefix)) {
    ctx.diagnostics.push({ severity: "error", code: "stream-config", message: `archive.to (${s.archive?.to}) is inside location (${s.location}): archived files would be read again`, location: ctx.at("archive", "to"), hint: "archive to a sibling prefix, e.g. s3://landing/archive/vendas/" });
  }
  if (ctx.diagnostics.length > before) return undefined;
  const tables = fileStreamTables(s, name);
  const f = s.format;
  return {
    kind: "files",
    name,
    file: ctx.file,
    description: s.description,
    location: s.location,
    bucket,
    prefix,
    pattern,
    encoding: f.encoding,
    csv:
      f.encoding === "csv"
        ? { header: f.header, delimiter: f.delimiter, quote: f.quote, escape: f.escape, charset: f.charset, nullValues: f.nullValues, decimal: f.decimal, thousands: f.thousands, dateFormat: f.dateFormat }
        : undefined,
    schemaFile: abs,
    contract,
    target: { ...tables.target, partitioning: s.target.partitioning, nested: s.target.nested },
    deadLetter: tables.deadLetter,
    keyField: s.key?.field,
    required: s.required,
    batch: s.batch,
    archive,
    payloadColumns: payload,
    // JSON Schema defaults are applied by the contract (ajv useDefaults)
    defaults: payload.map((c) => (type && c.path.length === 1 ? fieldDefault(type, c.path[0] ?? "") : undefined)),
    columns: [
      ...payload.map((c) => ({ name: c.name, type: typeSql(c.type), origin: "payload" as const })),
      ...FILE_SYSTEM_COLUMNS.map((c) => ({ name: c.name, type: typeSql(c.type), origin: "system" as const, description: c.description })),
    ],
  };
}

function fieldDefault(record: avro.Type, name: string): unknown {
  const field = (record as unknown as { field?: (n: string) => { defaultValue(): unknown } | undefined }).field?.(name);
  const v = field?.defaultValue();
  return v === null ? undefined : v;
}
