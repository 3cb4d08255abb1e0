/**
 * JSON-lines objects → records, streamed line by line (bounded memory: one chunk and one line).
 * A line that is not valid UTF-8, not JSON, not an object, or whose fields do not fit their
 * columns is a dead letter with its line number; blank lines are skipped.
 */
import { isUtf8 } from "node:buffer";
import type { PayloadColumn } from "../avro/to-trino.js";
import { FieldError, fromValue } from "./coerce.js";
import { flatten, type FileRecord } from "./records.js";
import { describeFailure, type JsonContract } from "../json/contract.js";

export function valueAt(rec: Record<string, unknown>, path: readonly string[]): unknown {
  let v: unknown = rec;
  for (const p of path) {
    if (v === null || v === undefined || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[p];
  }
  return v;
}

/** An object (from JSON or Parquet) → a record aligned with the payload columns, or its error. */
export function objectRecord(line: number, rec: Record<string, unknown>, columns: readonly PayloadColumn[], raw: () => string, defaults: readonly unknown[] = []): FileRecord {
  const values: unknown[] = [];
  for (const [i, c] of columns.entries()) {
    const found = valueAt(rec, c.path);
    // an absent field takes its Avro default (a present null does not)
    const v = found === undefined ? defaults[i] : found;
    if ((v === null || v === undefined) && !c.nullable) return { line, error: `${c.path.join(".")}: required value is missing`, raw: raw() };
    try {
      values.push(fromValue(c.type, v, c.path.join(".")));
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      return { line, error: e.message, raw: raw() };
    }
  }
  return { line, values };
}

/** A record typed and validated by a JSON Schema contract (JSON streams' module). */
export function contractRecord(line: number, r: ReturnType<JsonContract["validate"]>, columns: readonly PayloadColumn[], raw: () => string): FileRecord {
  if (!r.ok) return { line, error: describeFailure(r), raw: raw() };
  return { line, values: columns.map((c) => valueAt(r.row as Record<string, unknown>, c.path) ?? null) };
}

function lineRecord(lineNo: number, bytes: Buffer, columns: readonly PayloadColumn[], defaults: readonly unknown[], contract?: JsonContract): FileRecord | undefined {
  const raw = () => bytes.subarray(0, 64 * 1024).toString("utf8");
  if (!isUtf8(bytes)) return { line: lineNo, error: "invalid UTF-8", raw: raw() };
  const text = bytes.toString("utf8").replace(/\r$/, "");
  if (!text.trim()) return undefined;
  if (contract) return contractRecord(lineNo, contract.decode(text), columns, () => text.slice(0, 64 * 1024));
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { line: lineNo, error: `invalid JSON: ${e instanceof Error ? e.message : String(e)}`, raw: text.slice(0, 64 * 1024) };
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) return { line: lineNo, error: "a line must hold one JSON object", raw: text.slice(0, 64 * 1024) };
  return objectRecord(lineNo, v as Record<string, unknown>, columns, () => text.slice(0, 64 * 1024), defaults);
}

export function jsonlRecords(body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>, columns: readonly PayloadColumn[], defaults: readonly unknown[] = [], contract?: JsonContract): AsyncGenerator<FileRecord> {
  return flatten(jsonlRecordChunks(body, columns, defaults, contract));
}

/** The records of each chunk of the body read, one array per chunk. */
export async function* jsonlRecordChunks(body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>, columns: readonly PayloadColumn[], defaults: readonly unknown[] = [], contract?: JsonContract): AsyncGenerator<FileRecord[]> {
  let rest = Buffer.alloc(0);
  let lineNo = 0;
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const buf = rest.length ? Buffer.concat([rest, b]) : b;
    let start = 0;
    const out: FileRecord[] = [];
    for (let nl = buf.indexOf(0x0a, start); nl >= 0; nl = buf.indexOf(0x0a, start)) {
      lineNo++;
      const r = lineRecord(lineNo, buf.subarray(start, nl), columns, defaults, contract);
      if (r) out.push(r);
      start = nl + 1;
    }
    rest = Buffer.from(buf.subarray(start));
    yield out;
  }
  if (rest.length) {
    const r = lineRecord(lineNo + 1, rest, columns, defaults, contract);
    if (r) yield [r];
  }
}
