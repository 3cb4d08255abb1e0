import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropSchemas, CLI, runCli, trino, uniqueName } from "../helpers.js";
import { createRawOrders } from "./raw-orders.js";

// `lakeform run` / `test` / `plan` as a subprocess on the real stack, against a fixture project
// isolated by a unique schema suffix and source schema.
const project = resolve(import.meta.dirname, "project");
const suffix = uniqueName("it");
const src = `${suffix}_src`;
const schema = `rt_${suffix}`;
const client = trino();
const base = ["--vars", `src_schema=${src}`, "--schema-suffix", suffix];
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const table = (name: string) => `iceberg."${schema}"."${name}"`;
const snapshots = (name: string) => `iceberg."${schema}"."${name}$snapshots"`;

/** Table lock files currently held in the test project. */
const locksHeld = () => (existsSync(join(project, ".lakeform", "locks")) ? readdirSync(join(project, ".lakeform", "locks")) : []);

function run(args: string[], vars: string[] = []) {
  const v = vars.length ? ["--vars", [`src_schema=${src}`, ...vars].join(",")] : ["--vars", `src_schema=${src}`];
  return runCli([...args, project, ...v, "--schema-suffix", suffix]);
}

async function snapshotCount(): Promise<number> {
  const rows = await q(`SELECT table_name FROM iceberg.information_schema.tables WHERE table_schema = '${schema}' AND table_type = 'BASE TABLE'`);
  let n = 0;
  for (const [t] of rows) n += Number((await q(`SELECT count(*) FROM ${snapshots(String(t))}`))[0]?.[0]);
  return n;
}

/** The id of slow_model's running query in this test's schema, once Trino runs it. */
async function runningSlowQuery(): Promise<string | undefined> {
  for (let i = 0; i < 300; i++) {
    const r = await q(`SELECT query_id FROM system.runtime.queries WHERE state = 'RUNNING' AND query LIKE '%slow_marker%' AND query LIKE '%${schema}%' AND query NOT LIKE '%system.runtime.queries%'`);
    const id = r[0]?.[0];
    if (typeof id === "string") return id;
    await new Promise((res) => setTimeout(res, 100));
  }
  return undefined;
}

describe("lakeform run on the real stack", () => {
  beforeAll(async () => {
    await createRawOrders(client, src);
  });
  afterAll(async () => {
    await dropSchemas(client, [schema, `rt_assertions_${suffix}`, src]);
    rmSync(join(project, ".lakeform"), { recursive: true, force: true });
  });

  it("dry run validates the plan and writes nothing", async () => {
    const r = run(["run", "--dry-run"]);
    expect(r.stderr).not.toContain("internal error");
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("nothing was written");
    const schemas = await q(`SELECT schema_name FROM iceberg.information_schema.schemata WHERE schema_name = '${schema}'`);
    expect(schemas).toEqual([]); // not even the schema was created
  });

  it("first run builds everything; the run log records it", async () => {
    const r = run(["run", "--json", "--concurrency", "3"]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { runId: string; status: string; outcomes: { action: { key: string }; status: string }[] };
    expect(summary.status).toBe("success");
    const notOk = summary.outcomes.filter((o) => o.status !== "success").map((o) => [o.action.key.split(".").at(-1), o.status]);
    expect(notOk).toEqual([["assert_big_customers", "warning"]]); // severity "warn": reported, not failing
    expect(await q(`SELECT customer, total, orders FROM ${table("orders_by_customer")} ORDER BY customer`)).toEqual([
      ["ana", 15, 2n],
      ["bia", 20, 1n],
    ]);
    expect(await q(`SELECT count(*) FROM ${table("orders_current")}`)).toEqual([[3n]]);
    const logged = await q(`SELECT status, actions_total FROM iceberg.lakeform.runs WHERE run_id = '${summary.runId}'`);
    expect(logged).toEqual([["success", summary.outcomes.length]]);
    const actions = await q(`SELECT count(*), count_if(snapshot_id IS NOT NULL) FROM iceberg.lakeform.action_runs WHERE run_id = '${summary.runId}'`);
    expect(actions[0]?.[0]).toBe(BigInt(summary.outcomes.length));
    expect(Number(actions[0]?.[1])).toBeGreaterThanOrEqual(4); // every table/incremental recorded its snapshot
  });

  it("second run MERGEs only the changed and new rows", async () => {
    await client.query(`UPDATE iceberg."${src}".raw_orders SET amount = 12.0E0, status = 'paid', updated_at = TIMESTAMP '2026-01-02 09:00:00' WHERE order_id = 1`);
    await client.query(`INSERT INTO iceberg."${src}".raw_orders VALUES (4, 'caio', 7.0E0, 'new', TIMESTAMP '2026-01-02 10:00:00')`);
    const plan = run(["plan", "--json", "--actions", "orders_current"]);
    expect(plan.status, plan.stderr).toBe(0);
    expect((JSON.parse(plan.stdout) as { tasks: { mode: string }[] }).tasks[0]?.mode).toBe("merge");

    const r = run(["run"]);
    expect(r.status, r.stderr).toBe(0);
    expect(await q(`SELECT order_id, amount, status FROM ${table("orders_current")} ORDER BY order_id`)).toEqual([
      [1, 12, "paid"],
      [2, 20, "new"],
      [3, 5, "new"],
      [4, 7, "new"],
    ]);
    // The MERGE's snapshot: 2 records written (1 updated, 1 new), 1 position delete — rows 2 and 3 untouched.
    const last = await q(`SELECT operation, element_at(summary, 'added-records'), element_at(summary, 'added-position-deletes') FROM ${snapshots("orders_current")} ORDER BY committed_at DESC LIMIT 1`);
    expect(last).toEqual([["overwrite", "2", "1"]]);
    // orders_archive MERGEs the whole source every run; the change guard writes only what changed.
    const archive = await q(`SELECT element_at(summary, 'added-records') FROM ${snapshots("orders_archive")} ORDER BY committed_at DESC LIMIT 1`);
    expect(archive).toEqual([["2"]]);
    // Append-only incremental: only the 2 new events.
    expect(await q(`SELECT count(*) FROM ${table("order_events")}`)).toEqual([[5n]]);
  });

  it("a run with no source change rewrites nothing", async () => {
    const before = new Set((await q(`SELECT snapshot_id FROM ${snapshots("orders_archive")}`)).map((row) => String(row[0])));
    expect(before.size).toBeGreaterThan(0);
    const r = run(["run", "--actions", "orders_archive"]);
    expect(r.status, r.stderr).toBe(0);
    // Whether Iceberg commits an empty snapshot or none at all, no new snapshot may add or delete a row.
    const since = (await q(`SELECT snapshot_id, coalesce(element_at(summary, 'added-records'), '0'), coalesce(element_at(summary, 'deleted-records'), '0') FROM ${snapshots("orders_archive")}`)).filter((row) => !before.has(String(row[0])));
    expect(since.map((row) => [row[1], row[2]]).filter(([added, deleted]) => added !== "0" || deleted !== "0")).toEqual([]);
  });

  it("--full-refresh rebuilds, and is refused for a protected table", async () => {
    const ok = run(["run", "--full-refresh", "--actions", "orders_current"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(await q(`SELECT count(*) FROM ${table("orders_current")}`)).toEqual([[4n]]);
    const refused = run(["run", "--full-refresh", "--actions", "orders_archive"]);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("--full-refresh refused");
    expect(refused.stderr).toContain("protected");
  });

  it("selection flags: --actions runs only the action and its assertions", () => {
    const r = run(["run", "--json", "--actions", "orders_by_customer"]);
    expect(r.status, r.stderr).toBe(0);
    const keys = (JSON.parse(r.stdout) as { outcomes: { action: { key: string } }[] }).outcomes.map((o) => o.action.key.split(".").at(-1)).sort();
    expect(keys).toEqual(["orders_by_customer", "rt_orders_by_customer_assertions_rowConditions", "rt_orders_by_customer_assertions_uniqueKey_0"]);
    const deps = run(["run", "--json", "--actions", "failing_model", "--include-deps"]);
    const depKeys = (JSON.parse(deps.stdout) as { outcomes: { action: { key: string } }[] }).outcomes.map((o) => o.action.key.split(".").at(-1));
    expect(depKeys).toEqual(expect.arrayContaining(["stg_orders", "orders_by_customer", "failing_model"]));
    expect(depKeys).not.toContain("downstream_of_failing");
  });

  it("a failing model fails the run, skips its dependents, and the rest continue; a rerun is idempotent", async () => {
    const before = await q(`SELECT * FROM ${table("orders_by_customer")} ORDER BY 1`);
    const r = run(["run", "--json"], ["fail_model=yes"]);
    expect(r.status).toBe(1);
    const outcomes = (JSON.parse(r.stdout) as { outcomes: { action: { key: string }; status: string; error?: string }[] }).outcomes;
    const st = (n: string) => outcomes.find((o) => o.action.key.endsWith(`.${n}`));
    expect(st("failing_model")?.status).toBe("failed");
    expect(st("failing_model")?.error).toMatch(/Division by zero.*query \d{8}_/);
    expect(st("downstream_of_failing")?.status).toBe("skipped");
    expect(st("orders_current")?.status).toBe("success");
    const again = run(["run"]);
    expect(again.status, again.stderr).toBe(0);
    expect(await q(`SELECT * FROM ${table("orders_by_customer")} ORDER BY 1`)).toEqual(before);
    expect(await q(`SELECT count(*) FROM ${table("orders_current")}`)).toEqual([[4n]]);
  });

  it("lakeform test: exit codes and JUnit", () => {
    const junit = join(project, ".lakeform", "junit.xml");
    const ok = run(["test", "--junit", junit]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(readFileSync(junit, "utf8")).toMatch(/failures="0"/);
    const bad = run(["test", "--junit", junit], ["break_assertion=yes"]);
    expect(bad.status).toBe(1);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(/failures="1"/);
    expect(xml).toMatch(/name="iceberg\.rt_assertions_[^"]+\.assert_positive_amounts"[^>]*>\s*<failure message="4 failing row\(s\)/);
    expect(bad.stderr).toContain("4 failing row(s)");
  });

  it("dry run after building writes nothing either", async () => {
    const before = await snapshotCount();
    const r = run(["run", "--dry-run"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(await snapshotCount()).toBe(before);
  });

  it("two runs that write the same tables at once: one proceeds, the other refuses with a clear message", async () => {
    // The barrier: the first run builds slow_model (slow=yes), whose query only ends when the
    // test cancels it, so the second run starts while the first certainly holds its table lock.
    const first = spawn(process.execPath, [CLI, "run", project, "--vars", `src_schema=${src},slow=yes`, "--schema-suffix", suffix, "--actions", "slow_model"], { stdio: ["ignore", "pipe", "pipe"] });
    const firstExit = new Promise<number | null>((res) => first.on("exit", res));
    expect(await runningSlowQuery()).toBeDefined();
    expect(locksHeld().length).toBeGreaterThan(0);
    const second = run(["run"]);
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/another run is writing iceberg\.\S+: lakeform run \(pid \d+/);
    first.kill("SIGTERM"); // release the barrier
    expect(await firstExit).toBe(130);
    expect(locksHeld()).toEqual([]);
  });

  it("SIGTERM cancels the running Trino query and exits 130", async () => {
    const child = spawn(process.execPath, [CLI, "run", project, "--vars", `src_schema=${src},slow=yes`, "--schema-suffix", suffix, "--actions", "slow_model"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const queryId = await runningSlowQuery();
    expect(queryId).toBeDefined();
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((res) => child.on("exit", res));
    expect(code).toBe(130);
    expect(stderr).toContain("SIGTERM: cancelling running queries");
    let state = "";
    for (let i = 0; i < 40 && state !== "FAILED"; i++) {
      state = String((await q(`SELECT state FROM system.runtime.queries WHERE query_id = '${queryId}'`))[0]?.[0] ?? "");
      if (state !== "FAILED") await new Promise((res) => setTimeout(res, 250));
    }
    expect(state).toBe("FAILED"); // cancelled in Trino, not just abandoned by the client
    expect(locksHeld()).toEqual([]);
  });

  it("--schedule runs on the cron, lets a run of other tables proceed meanwhile, and stops gracefully on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI, "run", project, ...base, "--actions", "stg_orders", "--no-run-log", "--schedule", "*/3 * * * * *"], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const runsDone = () => (stderr.match(/\[schedule\] run \S+ success/g) ?? []).length;
    for (let i = 0; i < 300 && runsDone() < 2; i++) await new Promise((res) => setTimeout(res, 100));
    expect(runsDone()).toBeGreaterThanOrEqual(2);
    // orders_by_customer reads stg_orders, which the schedule rewrites: reading is never locked.
    const other = run(["run", "--actions", "orders_by_customer", "--no-run-log"]);
    expect(other.status, other.stderr).toBe(0);
    child.kill("SIGTERM");
    const code = await new Promise<number | null>((res) => child.on("exit", res));
    expect(code).toBe(0);
    expect(stderr).toContain("[schedule] stopped");
    expect(locksHeld()).toEqual([]);
  });

  it("--openlineage writes START/COMPLETE run events with datasets", () => {
    const file = join(project, ".lakeform", "openlineage.jsonl");
    rmSync(file, { force: true });
    const r = run(["run", "--actions", "orders_by_customer", "--include-deps", "--no-run-log", "--openlineage", file]);
    expect(r.status, r.stderr).toBe(0);
    const events = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { eventType: string; job: { name: string }; outputs?: { name: string }[] });
    expect(events.map((e) => e.eventType)).toContain("START");
    expect(events.filter((e) => e.eventType === "COMPLETE").length).toBeGreaterThanOrEqual(2); // the action(s) and the run
    const build = events.find((e) => e.eventType === "COMPLETE" && e.outputs?.some((o) => o.name.endsWith("orders_by_customer")));
    expect(build).toBeDefined();
  });
});
