/**
 * A bronze table for the example project, in a test-only schema, filled the way the ingester
 * fills `bronze.dados_produtores_agro`: the simulator's Avro messages, decoded with the stream's
 * reader schema and rendered with the ingester's row renderer. No Kafka needed, and the real
 * bronze schema is never touched.
 */
import { readFileSync } from "node:fs";
import type { TrinoClient } from "../../../src/adapters/trino/client.js";
import { createDecoder } from "../../../src/ingest/avro/decoder.js";
import { parseAvroSchema } from "../../../src/ingest/avro/parse-schema.js";
import { renderGoodPrefix } from "../../../src/ingest/render-row.js";
import { bronzeColumns, createTableSql } from "../../../src/ingest/sql/ddl.js";
import { loadStreams, type StreamDecl } from "../../../src/ingest/streams.js";
import { generateMessages, type WriterSchema } from "../../../src/simulate/generate.js";

export const FIXTURE_NOW_MS = Date.parse("2026-06-01T00:00:00Z");

function stream(projectDir: string): StreamDecl {
  const s = loadStreams(projectDir).streams.find((x) => x.name === "dados_produtores") ?? loadStreams(projectDir).streams[0];
  if (!s) throw new Error("no stream declared in streams/");
  return s;
}

function writers(s: StreamDecl): { current: WriterSchema; old: WriterSchema | undefined } {
  if (s.format.encoding !== "confluent") throw new Error("the example stream uses the Confluent wire format");
  const files = s.format.schemaIds;
  const ids = Object.keys(files).map(Number).sort((a, b) => a - b);
  const w = (id: number | undefined, version: 1 | 2): WriterSchema => ({ id: id ?? 0, version, type: parseAvroSchema(readFileSync(files[id ?? 0] ?? "", "utf8")) });
  return { current: w(ids[ids.length - 1], ids.length > 1 ? 2 : 1), old: ids.length > 1 ? w(ids[0], 1) : undefined };
}

export interface LoadResult {
  readonly landed: number;
  readonly deadLetters: number;
}

/** Creates `<catalog>.<schema>.dados_produtores_agro` (if needed) and appends `count` simulated events. */
export async function loadFixtureBronze(
  client: TrinoClient,
  projectDir: string,
  schema: string,
  opts: { count: number; seed: number; firstOffset: number },
): Promise<LoadResult> {
  const s = stream(projectDir);
  const table = { catalog: "iceberg", schema, table: "dados_produtores_agro" };
  await client.query(`CREATE SCHEMA IF NOT EXISTS "iceberg"."${schema}"`);
  await client.query(createTableSql(table, bronzeColumns(s), s.target.partitioning));
  const { current, old } = writers(s);
  const messages = [...generateMessages({ count: opts.count, seed: opts.seed, badShare: 0.08, oldSchemaShare: 0.2, nowMs: FIXTURE_NOW_MS, current, old })];
  const decoder = createDecoder(s);
  await decoder.prepare(messages.map((m) => m.value));
  const rows: string[] = [];
  let deadLetters = 0;
  messages.forEach((m, i) => {
    const offset = BigInt(opts.firstOffset + i);
    const decoded = decoder.decode(m.value);
    if (!decoded.ok) {
      deadLetters++;
      return;
    }
    const msg = { topic: s.topic, partition: i % 3, offset, key: Buffer.from(m.key), value: m.value, timestampMs: FIXTURE_NOW_MS, headers: {} };
    // _ingested_at, _batch_end_offset, _batch_high_watermark, as the sink appends them at flush
    rows.push(`(${renderGoodPrefix(s.payloadColumns, decoded.record, msg, decoded.schemaId)}, current_timestamp, ${offset}, ${offset})`);
  });
  const cols = bronzeColumns(s).map((c) => `"${c.name}"`).join(", ");
  for (let i = 0; i < rows.length; i += 500) {
    await client.query(`INSERT INTO "iceberg"."${schema}"."dados_produtores_agro" (${cols}) VALUES ${rows.slice(i, i + 500).join(",\n")}`);
  }
  return { landed: rows.length, deadLetters };
}

/** Lands `limit` already-landed messages again, as a re-ingested batch would (new _ingested_at). */
export async function replayFixtureRows(client: TrinoClient, projectDir: string, schema: string, limit: number): Promise<void> {
  const cols = bronzeColumns(stream(projectDir)).map((c) => c.name);
  const select = cols.map((c) => (c === "_ingested_at" ? "current_timestamp" : `"${c}"`)).join(", ");
  const t = `"iceberg"."${schema}"."dados_produtores_agro"`;
  await client.query(`INSERT INTO ${t} (${cols.map((c) => `"${c}"`).join(", ")}) SELECT ${select} FROM ${t} ORDER BY _offset LIMIT ${limit}`);
}
