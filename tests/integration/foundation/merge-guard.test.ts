import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trino, uniqueName } from "../helpers.js";

// The MERGE change guard as rendered by the dialect, executed on the real Trino + Iceberg:
// which matched rows each guard rewrites (counted by Trino and by Iceberg's snapshot summary).
const client = trino();
const d = createTrinoDialect(loadMaterializations());
const schema = uniqueName("it_guard");
const target = { database: "iceberg", schema, name: "balances" };
const fq = `iceberg."${schema}"."balances"`;

// id 1: balance changed, updated_at not; id 2: both changed; id 3: unchanged; id 4: new.
const SOURCE = `SELECT * FROM (VALUES
  (1, 15.0E0, TIMESTAMP '2026-01-01 00:00:00'),
  (2, 25.0E0, TIMESTAMP '2026-02-01 00:00:00'),
  (3, 30.0E0, TIMESTAMP '2026-01-01 00:00:00'),
  (4, 40.0E0, TIMESTAMP '2026-02-01 00:00:00')) AS v(id, balance, updated_at)`;

async function reset(): Promise<void> {
  await client.query(
    `CREATE OR REPLACE TABLE ${fq} AS SELECT * FROM (VALUES
      (1, 10.0E0, TIMESTAMP '2026-01-01 00:00:00'),
      (2, 20.0E0, TIMESTAMP '2026-01-01 00:00:00'),
      (3, 30.0E0, TIMESTAMP '2026-01-01 00:00:00')) AS v(id, balance, updated_at)`,
  );
}

async function merge(changeColumns: string[]): Promise<{ rows: number | undefined; table: unknown[][]; added: string }> {
  const sql = d.merge({ target, query: SOURCE, uniqueKey: ["id"], columns: ["id", "balance", "updated_at"], updateColumns: ["balance", "updated_at"], changeColumns, predicates: [] });
  const r = await client.query(sql);
  const table = (await client.query(`SELECT id, balance FROM ${fq} ORDER BY id`)).rows as unknown[][];
  const snap = await client.query(`SELECT summary['added-records'] FROM iceberg."${schema}"."balances$snapshots" ORDER BY committed_at DESC LIMIT 1`);
  return { rows: r.updateCount, table, added: String(snap.rows[0]?.[0]) };
}

describe("MERGE change guard on Iceberg", () => {
  beforeAll(async () => {
    await client.query(`CREATE SCHEMA IF NOT EXISTS iceberg."${schema}" WITH (location = 's3://warehouse/${schema}')`);
  });
  afterAll(async () => {
    await client.query(`DROP TABLE IF EXISTS ${fq}`).catch(() => {});
    await client.query(`DROP SCHEMA IF EXISTS iceberg."${schema}"`).catch(() => {});
  });

  it("default guard (every updated column): rewrites the two changed rows and inserts the new one", async () => {
    await reset();
    const r = await merge(["balance", "updated_at"]);
    expect(r.rows).toBe(3);
    expect(r.added).toBe("3");
    expect(r.table).toEqual([[1, 15], [2, 25], [3, 30], [4, 40]]);
  });

  it("guard on updated_at only: a balance change without a newer updated_at is left alone", async () => {
    await reset();
    const r = await merge(["updated_at"]);
    expect(r.rows).toBe(2);
    expect(r.table).toEqual([[1, 10], [2, 25], [3, 30], [4, 40]]);
  });

  it("no guard: every matched row is rewritten, unchanged ones included", async () => {
    await reset();
    const r = await merge([]);
    expect(r.rows).toBe(4);
    expect(r.added).toBe("4");
    expect(r.table).toEqual([[1, 15], [2, 25], [3, 30], [4, 40]]);
  });
});
