import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MaintenanceRun } from "../../../src/run/maintain.js";
import { dropSchemas, runCli, trino, uniqueName } from "../helpers.js";
import { teamProject } from "./fixture.js";

// Issue 15 item 5: `lakeform maintain` on a declared table of 200 small files and 100 snapshots,
// under a layer policy (retain 10 snapshots, expire anything older, compact at most hourly).
const schema = uniqueName("team_mt");
const src = `${schema}_src`;
const project = teamProject(schema, {
  "definitions/events.sqlx": `config { type: "declaration", schema: "${src}", name: "events", iceberg: { maintenance: { fileSizeThreshold: "1MB" } } }`,
});
project.write(
  "dataform.json",
  JSON.stringify({
    warehouse: "trino",
    defaultDatabase: "iceberg",
    defaultSchema: schema,
    assertionSchema: `${schema}_assertions`,
    lakeform: { iceberg: { maintenance: { olderThan: "7d", layers: { [src]: { retainSnapshots: 10, olderThan: "0s", optimizeEvery: "1h" } } } } },
  }),
);
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const events = `iceberg."${src}".events`;
const meta = (m: string) => `iceberg."${src}"."events$${m}"`;
const maintain = (...args: string[]) => {
  const r = runCli(["maintain", project.dir, "--json", ...args]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  return JSON.parse(r.stdout) as MaintenanceRun;
};
let snapshotsBefore: string[] = [];

describe("lakeform maintain on the real stack", () => {
  beforeAll(async () => {
    await q(`CREATE SCHEMA iceberg."${src}" WITH (location = 's3://warehouse/${src}')`);
    await q(`CREATE TABLE ${events} (id bigint, part integer, payload varchar) WITH (partitioning = ARRAY['part'])`);
    // 100 commits of two partitions each: 200 small files; 101 snapshots with the (empty) creation's.
    for (let i = 0; i < 100; i++) await q(`INSERT INTO ${events} VALUES (${i}, 0, 'a${i}'), (${i + 1000}, 1, 'b${i}')`);
    await q(`CREATE TABLE iceberg."${src}".events_copy AS SELECT * FROM ${events}`);
    snapshotsBefore = (await q(`SELECT CAST(snapshot_id AS varchar) FROM ${meta("snapshots")} ORDER BY committed_at`)).map((r) => String(r[0]));
  }, 600_000);
  afterAll(async () => {
    await dropSchemas(client, [src, schema]);
    project.remove();
  });

  it("--dry-run reads the figures and changes nothing", async () => {
    const run = maintain("--dry-run");
    const r = run.reports.find((x) => x.key === `iceberg.${src}.events`)!;
    expect(r.status).toBe("planned");
    expect(r.before).toMatchObject({ files: 200, smallFiles: 200, snapshots: 101 });
    expect(r.statements.join("\n")).toContain("EXECUTE optimize(file_size_threshold => '1MB')");
    expect(r.statements.join("\n")).toContain("EXECUTE expire_snapshots");
    expect(await q(`SELECT count(*) FROM ${meta("files")}`)).toEqual([[200n]]);
    expect(await q(`SELECT count(*) FROM ${meta("snapshots")}`)).toEqual([[101n]]);
    // Models not built yet are reported, not failed.
    expect(run.reports.find((x) => x.key === `iceberg.${schema}.stg`)?.status).toBe("missing");
  });

  it("compacts, expires by policy, keeps the data and time travel to retained snapshots", async () => {
    const run = maintain("--actions", `${src}.events`);
    expect(run.reports.map((r) => r.key)).toEqual([`iceberg.${src}.events`]);
    const r = run.reports[0]!;
    expect(r.status, r.error).toBe("maintained");
    expect(r.before).toMatchObject({ files: 200, snapshots: 101 });
    expect(r.after!.files).toBeLessThan(20);
    expect(r.after!.avgFileBytes!).toBeGreaterThan(r.before!.avgFileBytes!);
    // retainSnapshots 10 (+ the compaction's own snapshot), olderThan 0s: the rest is expired.
    const kept = (await q(`SELECT CAST(snapshot_id AS varchar) FROM ${meta("snapshots")} ORDER BY committed_at`)).map((x) => String(x[0]));
    expect(r.after!.snapshots).toBe(kept.length);
    expect(kept.length).toBeGreaterThanOrEqual(11);
    expect(kept.length).toBeLessThan(60);
    const keptOld = kept.filter((id) => snapshotsBefore.includes(id));
    expect(keptOld).toEqual(snapshotsBefore.slice(-keptOld.length)); // the newest ones were kept
    expect(keptOld.length).toBeGreaterThanOrEqual(10);
    // Data identical, both ways.
    expect(await q(`SELECT count(*) FROM (SELECT * FROM ${events} EXCEPT SELECT * FROM iceberg."${src}".events_copy)`)).toEqual([[0n]]);
    expect(await q(`SELECT count(*) FROM (SELECT * FROM iceberg."${src}".events_copy EXCEPT SELECT * FROM ${events})`)).toEqual([[0n]]);
    expect(await q(`SELECT count(*) FROM ${events}`)).toEqual([[200n]]);
    // Time travel to every retained pre-maintenance snapshot: snapshot k (0 = the creation) holds 2k rows.
    for (const id of keptOld) {
      const k = snapshotsBefore.indexOf(id);
      expect(await q(`SELECT count(*) FROM ${events} FOR VERSION AS OF ${id}`)).toEqual([[BigInt(2 * k)]]);
    }
    // An expired snapshot is gone.
    await expect(q(`SELECT count(*) FROM ${events} FOR VERSION AS OF ${snapshotsBefore[0]}`)).rejects.toThrow();
    // Recorded in the run log.
    const logged = await q(`SELECT status, files_before, files_after, snapshots_before, snapshots_after FROM iceberg.lakeform.maintenance_runs WHERE run_id = '${run.runId}'`);
    expect(logged).toEqual([["maintained", 200n, BigInt(r.after!.files), 101n, BigInt(r.after!.snapshots)]]);
  });

  it("optimizeEvery: a second pass within the hour does not compact again", async () => {
    for (let i = 0; i < 3; i++) await q(`INSERT INTO ${events} VALUES (${5000 + i}, 0, 'c')`);
    const r = maintain("--actions", `${src}.events`).reports[0]!;
    expect(r.statements.some((s) => s.includes("optimize"))).toBe(false);
    expect(r.reasons.join(" ")).toContain("optimizeEvery 1h");
  });
});
