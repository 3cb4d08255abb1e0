import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TrinoCancelledError, TrinoQueryError } from "../../../src/adapters/trino/client.js";
import { trino, uniqueName } from "../helpers.js";

// The statement shapes Lakeform generates, executed on the real Trino 476 + Iceberg (JDBC catalog
// on PostgreSQL, data on MinIO).
const client = trino();
const schema = uniqueName("it_found");
const t = `iceberg."${schema}"."accounts"`;

async function rows(sql: string) {
  return (await client.query(sql)).rows;
}

describe("Iceberg on the native stack", () => {
  beforeAll(async () => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS iceberg."${schema}" WITH (location = 's3://warehouse/${schema}')`);
  });
  afterAll(async () => {
    await client.query(`DROP VIEW IF EXISTS iceberg."${schema}"."active_accounts"`).catch(() => {});
    await client.query(`DROP TABLE IF EXISTS ${t}`).catch(() => {});
    await client.query(`DROP SCHEMA IF EXISTS iceberg."${schema}"`).catch(() => {});
  });

  it("creates the schema at its S3 location", async () => {
    const r = await rows(`SHOW CREATE SCHEMA iceberg."${schema}"`);
    expect(String(r[0]?.[0])).toContain(`location = 's3://warehouse/${schema}'`);
  });

  it("CTAS with partitioning, MERGE, view, time travel and optimize", async () => {
    const ctas = await client.query(
      `CREATE OR REPLACE TABLE ${t} WITH (format = 'PARQUET', partitioning = ARRAY['bucket(id, 4)']) AS
       SELECT * FROM (VALUES (1, 'ana', 10.0E0), (2, 'bia', 20.0E0), (3, 'caio', 30.0E0)) AS v(id, name, balance)`,
    );
    expect(ctas.updateCount).toBe(3);
    const props = await rows(`SHOW CREATE TABLE ${t}`);
    expect(String(props[0]?.[0])).toContain("partitioning = ARRAY['bucket(id, 4)']");

    const snapBefore = await rows(`SELECT snapshot_id FROM iceberg."${schema}"."accounts$snapshots" ORDER BY committed_at DESC LIMIT 1`);
    const firstSnapshot = snapBefore[0]?.[0];
    expect(typeof firstSnapshot).toBe("bigint");

    const merge = await client.query(
      `MERGE INTO ${t} AS tgt
       USING (VALUES (2, 'bia', 25.0E0), (4, 'duda', 40.0E0)) AS src(id, name, balance)
       ON tgt.id = src.id
       WHEN MATCHED AND tgt.balance IS DISTINCT FROM src.balance THEN UPDATE SET balance = src.balance
       WHEN NOT MATCHED THEN INSERT (id, name, balance) VALUES (src.id, src.name, src.balance)`,
    );
    expect(merge.updateType).toBe("MERGE");
    expect(merge.updateCount).toBe(2);

    await client.query(`CREATE OR REPLACE VIEW iceberg."${schema}"."active_accounts" AS SELECT id, name FROM ${t} WHERE balance >= 25`);
    expect(await rows(`SELECT id, name FROM iceberg."${schema}"."active_accounts" ORDER BY id`)).toEqual([
      [2, "bia"],
      [3, "caio"],
      [4, "duda"],
    ]);
    expect(await rows(`SELECT id, name, balance FROM ${t} ORDER BY id`)).toEqual([
      [1, "ana", 10],
      [2, "bia", 25],
      [3, "caio", 30],
      [4, "duda", 40],
    ]);

    // Time travel to the snapshot the CTAS wrote: the MERGE is invisible there.
    expect(await rows(`SELECT id, balance FROM ${t} FOR VERSION AS OF ${String(firstSnapshot)} ORDER BY id`)).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);

    await client.query(`ALTER TABLE ${t} EXECUTE optimize(file_size_threshold => '128MB')`);
    const ops = await rows(`SELECT operation FROM iceberg."${schema}"."accounts$snapshots" ORDER BY committed_at`);
    expect(ops.map((r) => r[0])).toContain("replace");
    expect(await rows(`SELECT count(*) FROM ${t}`)).toEqual([[4n]]);
  });

  it("reports a failing statement with its query id and error name", async () => {
    const err = await client.query(`SELECT no_such_column FROM ${t}`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrinoQueryError);
    const q = err as TrinoQueryError;
    expect(q.queryId).toMatch(/^\d{8}_\d{6}_\d{5}_\w+$/);
    expect(q.errorName).toBe("COLUMN_NOT_FOUND");
    expect(q.sqlExcerpt).toContain("no_such_column");
  });

  it("keeps BIGINT precision beyond 2^53", async () => {
    const r = await rows("SELECT CAST(9007199254740993 AS bigint), ARRAY[CAST(9007199254740993 AS bigint)]");
    expect(r[0]?.[0]).toBe(9007199254740993n);
    expect(r[0]?.[1]).toEqual([9007199254740993n]);
  });

  it("cancels a running query on abort", async () => {
    const ctrl = new AbortController();
    const p = client.query("SELECT count(*) FROM tpch.sf100.lineitem CROSS JOIN tpch.sf100.orders", { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(new Error("test abort")), 1500);
    const err = (await p.catch((e: unknown) => e)) as TrinoCancelledError;
    expect(err).toBeInstanceOf(TrinoCancelledError);
    expect(err.queryId).toBeDefined();
    // Trino itself must have stopped the query, not just the client.
    let state = "";
    for (let i = 0; i < 40 && state !== "FAILED"; i++) {
      const r = await rows(`SELECT state FROM system.runtime.queries WHERE query_id = '${err.queryId}'`);
      state = String(r[0]?.[0] ?? "");
      if (state !== "FAILED") await new Promise((res) => setTimeout(res, 250));
    }
    expect(state).toBe("FAILED");
  });
});
