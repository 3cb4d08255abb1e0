import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropSchemas, runCli, trino, uniqueName } from "../helpers.js";

// incrementalStrategy (merge, append, delete+insert, insert_overwrite) and SCD2 snapshots, run by
// `lakeform run` on the real stack. Each strategy's table is compared with a recomputation from
// scratch (EXCEPT both ways) after changes and after a rerun, and each run's Iceberg commits are
// counted in `$snapshots`: at most one per model run, none for a snapshot when nothing changed.
const project = resolve(import.meta.dirname, "project");
const suffix = uniqueName("strategies");
const src = `${suffix}_src`;
const schema = `strategies_${suffix}`;
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const table = (name: string) => `iceberg."${schema}"."${name}"`;
const source = (name: string) => `iceberg."${src}"."${name}"`;

const MODELS = ["by_merge", "by_append", "by_delete_insert", "by_overwrite", "applicants_ts", "applicants_check", "applicants_all"] as const;
type Model = (typeof MODELS)[number];

function run() {
  const r = runCli(["run", project, "--vars", `src_schema=${src}`, "--schema-suffix", suffix]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return r;
}

async function commits(): Promise<Record<Model, number>> {
  const out = {} as Record<Model, number>;
  for (const m of MODELS) out[m] = Number((await q(`SELECT count(*) FROM iceberg."${schema}"."${m}$snapshots"`))[0]?.[0]);
  return out;
}

function delta(after: Record<Model, number>, before: Record<Model, number>): Record<Model, number> {
  return Object.fromEntries(MODELS.map((m) => [m, after[m] - before[m]])) as Record<Model, number>;
}

/** Rows in `a` missing from `b` and rows in `b` missing from `a` (multisets). */
async function differences(a: string, b: string): Promise<[number, number]> {
  const [row] = await q(`SELECT (SELECT count(*) FROM (${a} EXCEPT ALL ${b})), (SELECT count(*) FROM (${b} EXCEPT ALL ${a}))`);
  return [Number(row?.[0]), Number(row?.[1])];
}

const COLS = "id, grp, ts, v, ver";
/** Each strategy's table recomputed from scratch: its query without the incremental filter. */
const SCRATCH: Record<"by_merge" | "by_append" | "by_delete_insert" | "by_overwrite", string> = {
  by_merge: `SELECT ${COLS} FROM ${source("src_rows")}`,
  by_append: `SELECT id, grp, ts FROM ${source("src_rows")}`,
  by_delete_insert: `SELECT ${COLS} FROM ${source("src_rows")}`,
  by_overwrite: `SELECT ${COLS} FROM ${source("src_rows")}`,
};

async function expectStrategiesMatchScratch(): Promise<void> {
  for (const [model, scratch] of Object.entries(SCRATCH)) {
    const cols = model === "by_append" ? "id, grp, ts" : COLS;
    expect([model, ...(await differences(`SELECT ${cols} FROM ${table(model)}`, scratch))]).toEqual([model, 0, 0]);
  }
}

/** A snapshot's versions, oldest first per key. */
async function versions(model: Model): Promise<{ id: number; uf: string; renda: string; current: boolean; closed: boolean; from: string; to: string | null }[]> {
  const rows = await q(`SELECT id, uf, CAST(renda AS varchar), is_current, valid_to IS NOT NULL, CAST(valid_from AS varchar), CAST(valid_to AS varchar) FROM ${table(model)} ORDER BY id, valid_from`);
  return rows.map((r) => ({ id: Number(r[0]), uf: String(r[1]), renda: String(r[2]), current: r[3] === true, closed: r[4] === true, from: String(r[5]), to: r[6] === null ? null : String(r[6]) }));
}

describe("incremental strategies and snapshots on the real stack", () => {
  beforeAll(async () => {
    await q(`CREATE SCHEMA iceberg."${src}" WITH (location = 's3://warehouse/${src}')`);
    // 100 rows over 7 groups and 5 days; `ver` is the version of the change that wrote the row.
    await q(`CREATE TABLE ${source("src_rows")} AS
      SELECT CAST(x AS bigint) AS id, 'g' || CAST(x % 7 AS varchar) AS grp,
             from_unixtime(1767225600 + (x % 5) * 86400 + x) AS ts, 'v' || CAST(x AS varchar) AS v, CAST(1 AS bigint) AS ver
      FROM UNNEST(sequence(1, 100)) AS u(x)`);
    await q(`CREATE TABLE ${source("src_applicants")} AS
      SELECT CAST(x AS bigint) AS id, 'SP' AS uf, CAST(1000 * x AS decimal(14,2)) AS renda, CAST(TIMESTAMP '2026-01-01 00:00:00' AS timestamp(6)) AS updated_at
      FROM UNNEST(sequence(1, 5)) AS u(x)`);
  });
  afterAll(async () => {
    await dropSchemas(client, [schema, src]);
    rmSync(join(project, ".lakeform"), { recursive: true, force: true });
  });

  it("first run builds every model from scratch, one commit each", async () => {
    run();
    await expectStrategiesMatchScratch();
    expect(Object.values(await commits())).toEqual(MODELS.map(() => 1));
    for (const m of ["applicants_ts", "applicants_check", "applicants_all"] as const) {
      const v = await versions(m);
      expect(v.map((x) => [x.id, x.current, x.closed])).toEqual([1, 2, 3, 4, 5].map((id) => [id, true, false]));
    }
    const types = await q(`SELECT column_name, data_type FROM iceberg.information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'applicants_ts' AND column_name IN ('valid_from', 'valid_to', 'is_current', 'snapshot_id') ORDER BY column_name`);
    expect(types).toEqual([
      ["is_current", "boolean"],
      ["snapshot_id", "varchar"],
      ["valid_from", "timestamp(6) with time zone"],
      ["valid_to", "timestamp(6) with time zone"],
    ]);
  });

  it("after changes every strategy equals its recomputation and every model run is one commit", async () => {
    await q(`UPDATE ${source("src_rows")} SET v = 'updated2', ver = 2 WHERE id IN (3, 10, 50)`);
    await q(`INSERT INTO ${source("src_rows")} VALUES (101, 'g9', from_unixtime(1767225600 + 9 * 86400), 'new', 2), (102, 'g1', from_unixtime(1767225600 + 86400 + 7), 'new', 2)`);
    // Snapshot sources: a change (1), two changes between runs (2), a hard delete (3), an unchanged
    // row (4), a row whose updated_at moved but not its checked columns (5), an insert (6).
    await q(`UPDATE ${source("src_applicants")} SET uf = 'RJ', updated_at = TIMESTAMP '2026-01-02 00:00:00' WHERE id = 1`);
    await q(`UPDATE ${source("src_applicants")} SET renda = 1, updated_at = TIMESTAMP '2026-01-02 00:00:00' WHERE id = 2`);
    await q(`UPDATE ${source("src_applicants")} SET renda = 2, updated_at = TIMESTAMP '2026-01-03 00:00:00' WHERE id = 2`);
    await q(`DELETE FROM ${source("src_applicants")} WHERE id = 3`);
    await q(`UPDATE ${source("src_applicants")} SET updated_at = TIMESTAMP '2026-01-04 00:00:00' WHERE id = 5`);
    await q(`INSERT INTO ${source("src_applicants")} VALUES (6, 'MG', 10, TIMESTAMP '2026-01-03 00:00:00')`);
    const before = await commits();
    run();
    await expectStrategiesMatchScratch();
    expect(delta(await commits(), before)).toEqual({ by_merge: 1, by_append: 1, by_delete_insert: 1, by_overwrite: 1, applicants_ts: 1, applicants_check: 1, applicants_all: 1 });
  });

  it("timestamp snapshot: changed rows get a new version, the old one closed where the new one starts", async () => {
    const v = await versions("applicants_ts");
    expect(v.map((x) => [x.id, x.uf, x.renda, x.current])).toEqual([
      [1, "SP", "1000.00", false],
      [1, "RJ", "1000.00", true],
      [2, "SP", "2000.00", false],
      [2, "SP", "2.00", true], // two changes between runs: one new version, the latest
      [3, "SP", "3000.00", false], // hard delete closed (invalidateHardDeletes)
      [4, "SP", "4000.00", true],
      [5, "SP", "5000.00", false],
      [5, "SP", "5000.00", true], // updated_at moved: a new version under the timestamp strategy
      [6, "MG", "10.00", true],
    ]);
    const byId = (id: number) => v.filter((x) => x.id === id);
    expect(byId(1)[0]?.to).toBe(byId(1)[1]?.from);
    expect(byId(1)[1]?.from).toBe("2026-01-02 00:00:00.000000 UTC");
    expect(byId(2)[0]?.to).toBe("2026-01-03 00:00:00.000000 UTC");
    expect(byId(3)[0]?.closed).toBe(true);
    // The current versions are exactly the source's rows.
    expect(await differences(`SELECT id, uf, renda, updated_at FROM ${table("applicants_ts")} WHERE is_current`, `SELECT id, uf, renda, updated_at FROM ${source("src_applicants")}`)).toEqual([0, 0]);
    const ids = await q(`SELECT count(*), count(DISTINCT snapshot_id) FROM ${table("applicants_ts")}`);
    expect(ids[0]?.[0]).toBe(ids[0]?.[1]);
  });

  it("check snapshot: only checked columns make versions; hard deletes stay current unless invalidated", async () => {
    const check = await versions("applicants_check");
    expect(check.map((x) => [x.id, x.renda, x.uf, x.current])).toEqual([
      [1, "1000.00", "SP", false],
      [1, "1000.00", "RJ", true],
      [2, "2000.00", "SP", false],
      [2, "2.00", "SP", true],
      [3, "3000.00", "SP", true], // invalidateHardDeletes is off: the deleted key stays current
      [4, "4000.00", "SP", true],
      [5, "5000.00", "SP", true], // only updated_at moved, not a checked column: no new version
      [6, "10.00", "MG", true],
    ]);
    const all = await versions("applicants_all");
    expect(all.map((x) => [x.id, x.current])).toEqual([
      [1, false],
      [1, true],
      [2, false],
      [2, true],
      [3, false],
      [4, true],
      [5, true],
      [6, true],
    ]);
    // One run, one snapshot time: every version closed by run 2 ends where run 2's versions start.
    const closedAt = new Set(all.filter((x) => x.to !== null).map((x) => x.to));
    const openedAt = new Set(all.filter((x) => x.id === 6).map((x) => x.from));
    expect([...closedAt]).toEqual([...openedAt]);
  });

  it("a rerun with no change is idempotent: snapshots commit nothing, strategies change no row", async () => {
    const before = await commits();
    const tsBefore = await versions("applicants_ts");
    run();
    await expectStrategiesMatchScratch();
    // merge: the change guard skips unchanged rows; append: no new rows; delete+insert and
    // insert_overwrite re-replace the newest version's groups/days: one commit, same rows.
    expect(delta(await commits(), before)).toEqual({ by_merge: 0, by_append: 0, by_delete_insert: 1, by_overwrite: 1, applicants_ts: 0, applicants_check: 0, applicants_all: 0 });
    expect(await versions("applicants_ts")).toEqual(tsBefore);
  });

  it("the insert_overwrite MERGE is one statement whose target scan is pruned by updatePartitionFilter", async () => {
    const r = runCli(["plan", project, "--json", "--actions", "by_overwrite", "--vars", `src_schema=${src}`, "--schema-suffix", suffix]);
    expect(r.status, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { tasks: { key: string; mode: string; statements: { role: string; sql: string }[] }[] };
    const task = plan.tasks.find((t) => t.key.endsWith(".by_overwrite"));
    expect(task?.mode).toBe("insert-overwrite");
    const writes = (task?.statements ?? []).filter((s) => s.role === "merge" || s.role === "insert" || s.role === "create");
    expect(writes.map((s) => s.role)).toEqual(["merge"]);
    const explain = String((await q(`EXPLAIN ${writes[0]?.sql ?? ""}`))[0]?.[0]);
    // The MERGE's target scan (it yields the row ids) carries the predicate on ts; the query's own
    // read of the table (max(ver) FROM self()) is a scan without it.
    const scans = explain.split("\n").filter((l) => l.includes(`TableScan[table = iceberg:${schema}.by_overwrite$data@`));
    expect(scans.length).toBeGreaterThanOrEqual(2);
    expect(scans.filter((l) => /\$data@\d+ constraint on \[ts\]/.test(l))).toHaveLength(1);
  });

  it("a key that comes back after a hard delete gets a new current version", async () => {
    await q(`INSERT INTO ${source("src_applicants")} VALUES (3, 'BA', 30, TIMESTAMP '2026-01-05 00:00:00')`);
    const before = await commits();
    run();
    const back = (await versions("applicants_ts")).filter((x) => x.id === 3);
    expect(back.map((x) => [x.uf, x.current])).toEqual([
      ["SP", false],
      ["BA", true],
    ]);
    expect(delta(await commits(), before).applicants_ts).toBe(1);
  });
});
