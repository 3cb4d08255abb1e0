import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/plan.js";
import { CLI, dropSchemas, runCli, trino, uniqueName } from "../helpers.js";
import { BY_CUSTOMER, createTeamSource, teamProject } from "./fixture.js";

// Issue 15 item 3: write-audit-publish without branches. A failing blocking assertion leaves
// production on the same snapshot and keeps the staging table; passing audits publish in one
// commit, and a reader polling production during the publish sees only complete versions.
const schema = uniqueName("team_au");
const project = teamProject(schema);
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const prod = `iceberg."${schema}".by_customer`;
const staging = `iceberg."${schema}".by_customer__audit`;
const latestSnapshot = async () => String((await q(`SELECT CAST(snapshot_id AS varchar) FROM iceberg."${schema}"."by_customer$snapshots" ORDER BY committed_at DESC LIMIT 1`))[0]?.[0]);
const exists = async (name: string) => (await q(`SELECT count(*) FROM iceberg.information_schema.tables WHERE table_schema = '${schema}' AND table_name = '${name}'`))[0]?.[0] === 1n;

function runAsync(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("close", (status) => res({ status, stdout, stderr }));
  });
}

describe("run --audit on the real stack", () => {
  let expected: readonly (readonly unknown[])[] = [];
  beforeAll(async () => {
    await createTeamSource(client, schema, 300);
    const r = runCli(["run", project.dir]);
    expect(r.status, r.stderr).toBe(0);
    expected = await q(`SELECT count(*), sum(total) FROM ${prod}`);
  });
  afterAll(async () => {
    await dropSchemas(client, [schema, `${schema}_assertions`, `${schema}_src`]);
    project.remove();
  });

  it("plan --audit shows staging builds, audits on staging and gated publish tasks", () => {
    const r = runCli(["plan", project.dir, "--audit", "--actions", "by_customer", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    const build = plan.tasks.find((t) => t.key === `iceberg.${schema}.by_customer`)!;
    expect(build.statements[0]!.sql).toContain(`CREATE OR REPLACE TABLE "iceberg"."${schema}"."by_customer__audit"`);
    const check = plan.tasks.find((t) => t.kind === "assertion")!;
    expect(check.statements[0]!.sql).toContain(`"by_customer__audit"`);
    const publish = plan.tasks.find((t) => t.key.endsWith("__publish"))!;
    expect(publish.dependsOn).toEqual([check.key, build.key].sort());
    expect(publish.statements.map((s) => s.sql.split("\n")[0])).toEqual([`CREATE OR REPLACE TABLE "iceberg"."${schema}"."by_customer"`, `DROP TABLE IF EXISTS "iceberg"."${schema}"."by_customer__audit"`]);
  });

  it("a failing blocking assertion: production unchanged (same snapshot), staging kept", async () => {
    const before = await latestSnapshot();
    project.write("definitions/by_customer.sqlx", BY_CUSTOMER.replace("SELECT customer,", "SELECT CASE WHEN customer = 'ana' THEN NULL ELSE customer END AS customer,"));
    const r = runCli(["run", project.dir, "--audit", "--actions", "by_customer", "--json"]);
    expect(r.status, r.stderr).toBe(1);
    const summary = JSON.parse(r.stdout) as { outcomes: { action: { key: string; kind: string }; status: string }[] };
    expect(summary.outcomes.find((o) => o.action.kind === "assertion")?.status).toBe("failed");
    expect(summary.outcomes.find((o) => o.action.key.endsWith("__publish"))?.status).toBe("skipped");
    expect(await latestSnapshot()).toBe(before);
    expect(await q(`SELECT count(*), sum(total) FROM ${prod}`)).toEqual(expected);
    expect(await q(`SELECT count(*) FROM ${prod} WHERE customer IS NULL`)).toEqual([[0n]]);
    expect(await q(`SELECT count(*) FROM ${staging} WHERE customer IS NULL`)).toEqual([[1n]]); // kept for inspection
  });

  it("passing audits publish atomically: a reader during the publish sees only complete versions", async () => {
    const before = await latestSnapshot();
    project.write("definitions/by_customer.sqlx", BY_CUSTOMER.replace("count(*) AS orders", "count(*) AS orders, max(amount) AS biggest"));
    const running = runAsync(["run", project.dir, "--audit", "--actions", "by_customer"]);
    let done = false;
    void running.then(() => (done = true));
    const seen: string[] = [];
    while (!done) {
      const r = await q(`SELECT count(*), sum(total) FROM ${prod}`).catch((e: unknown) => [[`error: ${String(e)}`]]);
      seen.push(JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v)));
    }
    const r = await running;
    expect(r.status, r.stderr).toBe(0);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([JSON.stringify(expected, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v))]));
    expect(await latestSnapshot()).not.toBe(before);
    expect((await q(`SELECT count(biggest) FROM ${prod}`))[0]?.[0]).toBe(3n); // the new version
    expect(await exists("by_customer__audit")).toBe(false);
    // History is kept: the version before the publish is still readable.
    expect(await q(`SELECT count(*), sum(total) FROM ${prod} FOR VERSION AS OF ${before}`)).toEqual(expected);
  });
});
