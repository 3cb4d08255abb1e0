/**
 * The sink's behaviour when Trino fails mid-batch, with a scripted SqlRunner (the real-stack
 * behaviour is covered by the integration tier; an outage cannot be staged there without
 * stopping the shared Trino).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TrinoConnectionError, TrinoQueryError } from "../../../src/adapters/trino/client.js";
import { BronzeSink, type SqlRunner } from "../../../src/ingest/sink.js";
import { loadStreams } from "../../../src/ingest/streams.js";

const stream = loadStreams(join(import.meta.dirname, "../../..")).streams[0]!;
const entry = (offset: bigint, good: boolean) => ({ partition: 0, offset, good, prefix: good ? `"x"` : `'x'`, bytes: 1, producedAtMs: 0 });

/** Records statements; `plan` decides per INSERT whether it fails (and whether it had committed). */
function runner(plan: ("ok" | "down" | "committed-then-dropped")[]) {
  const statements: string[] = [];
  let bronzeEnd: bigint | undefined;
  let deadMax: bigint | undefined;
  const r: SqlRunner = {
    query: async (sql) => {
      if (sql.startsWith("SELECT _partition, max(_batch_end_offset)")) return { rows: bronzeEnd === undefined ? [] : [[0, bronzeEnd]] };
      if (sql.startsWith("SELECT _partition, max(CASE")) return { rows: deadMax === undefined ? [] : [[0, null, deadMax]] };
      statements.push(sql);
      const step = plan.shift() ?? "ok";
      const apply = () => {
        if (sql.includes("dead_letter")) deadMax = 2n;
        else bronzeEnd = 3n;
      };
      if (step === "down") throw new TrinoConnectionError("http://127.0.0.1:8080", new Error("ECONNREFUSED"));
      apply();
      if (step === "committed-then-dropped") throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
      return { rows: [] };
    },
  };
  return { r, statements };
}

const batch = { entries: [entry(1n, true), entry(2n, false), entry(3n, true)], startedAtMs: 0 };

describe("BronzeSink under failures", () => {
  it("retries while Trino is down, dead letters first, and reports each retry", async () => {
    const { r, statements } = runner(["down", "down", "ok", "ok"]);
    const retries: string[] = [];
    const sink = new BronzeSink(stream, r, { events: { onRetry: (what) => retries.push(what) } });
    const res = await sink.write(batch, new Map([[0, 10n]]));
    expect(res).toMatchObject({ goodRows: 2, badRows: 1 });
    expect(retries).toEqual(["dead-letter insert", "dead-letter insert"]);
    expect(statements.filter((s) => s.includes("dead_letter"))).toHaveLength(3);
    expect(statements.filter((s) => !s.includes("dead_letter"))).toHaveLength(1);
    expect(statements[0]).toContain("FALSE)"); // partition 0 had good rows: the dead-letter insert does not cover the batch
  }, 20_000);

  it("does not insert twice when the INSERT committed but the answer was lost", async () => {
    const { r, statements } = runner(["ok", "committed-then-dropped"]);
    const sink = new BronzeSink(stream, r);
    await sink.write(batch, new Map());
    expect(statements.filter((s) => s.includes("json_parse"))).toHaveLength(1);
  }, 20_000);

  it("stops on a non-transient Trino error instead of skipping the batch", async () => {
    const r: SqlRunner = {
      query: async () => {
        throw new TrinoQueryError({ queryId: "q", message: "Insert query has mismatched column types", errorName: "TYPE_MISMATCH", errorType: "USER_ERROR", errorCode: 58, sql: "INSERT" });
      },
    };
    await expect(new BronzeSink(stream, r).write(batch, new Map())).rejects.toThrow(/mismatched/);
  });
});

describe("statement size", () => {
  it("a batch the batcher accepts renders to one statement under the limit, even with 19-digit offsets", async () => {
    const { Batcher, JSON_ROW_OVERHEAD_CHARS } = await import("../../../src/ingest/batcher.js");
    const b = new Batcher({ maxRows: 1e9, maxBytes: 1e12, maxAgeMs: 1e9, maxSqlChars: 200_000, goodRowOverheadChars: JSON_ROW_OVERHEAD_CHARS });
    const big = 9_000_000_000_000_000_000n;
    for (let i = 0n; ; i++) {
      const e = { ...entry(big + i, true), prefix: `"${"y".repeat(60)}",0,${big + i},1741615200123,"k",2` };
      if (!b.fits(e)) break;
      b.add(e);
    }
    let sql = "";
    const r: SqlRunner = {
      query: async (s) => {
        if (s.startsWith("INSERT")) sql = s;
        return { rows: [] };
      },
    };
    await new BronzeSink(stream, r).write(b.take(), new Map([[0, big * 1n + 1_000_000n]]));
    expect(sql.length).toBeGreaterThan(150_000);
    expect(sql.length).toBeLessThanOrEqual(200_000);
  });
});

describe("BronzeSink.ensureTables with a concurrent creator", () => {
  it("runs the creation again when another ingester created the schema or table at the same moment", async () => {
    const seen: string[] = [];
    let raced = 0;
    const r: SqlRunner = {
      query: async (sql) => {
        seen.push(sql.split(" ").slice(0, 3).join(" "));
        if (sql.startsWith("SELECT column_name")) return { rows: [] }; // no tables yet: take the create path
        if (sql.startsWith("CREATE SCHEMA") && raced++ === 0) {
          // what Trino 476 answered in the partitioned-ingesters test when two processes started together
          throw new TrinoQueryError({ queryId: "q", message: "Failed to create a namespace it_x", errorName: "ICEBERG_CATALOG_ERROR", errorType: "EXTERNAL", errorCode: 84148237, sql });
        }
        return { rows: [] };
      },
    };
    const retries: string[] = [];
    await new BronzeSink(stream, r, { events: { onRetry: (what) => retries.push(what) } }).ensureTables();
    expect(retries).toEqual(["create bronze tables (created concurrently by another ingester?)"]);
    expect(seen.filter((s) => s.startsWith("CREATE SCHEMA")).length).toBeGreaterThanOrEqual(2);
    expect(seen.some((s) => s.startsWith("CREATE TABLE"))).toBe(true);
  });
});
