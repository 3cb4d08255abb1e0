import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, uniqueName } from "../helpers.js";
import { conn, createTopic, deleteTopic, dropSchema, produce, trino, type Produced } from "../ingest/helpers.js";
import { exampleCopy, freePort, promQuery, spawnServe, startPrometheus, TcpProxy, until, type Serve } from "./helpers.js";

// `lakeform serve` on the example project, on the real stack: its stream's ingester, silver_nrt
// and gold_hourly on second-level crons (--cron), plus `busy`, a workflow that cannot finish
// within its one-second cron. Its Trino is reached through a TCP proxy the test can cut, so
// "Trino is down" does not stop Trino for the other tests running beside this one. Everything
// lives in its own topic, consumer group and schemas.
const id = uniqueName("srv");
const SILVER_EVERY_S = 15;
const GOLD_EVERY_S = 30;
const busyView = ['config { type: "view", schema: "busy", tags: ["busy"] }', "SELECT 1 AS x"].join("\n");
const project = exampleCopy(id, {
  extraWorkflows: { busy: { cron: "* * * * * *", tags: ["busy"], catchUp: false } },
  files: { "definitions/busy.sqlx": busyView },
});
const silver = `iceberg."silver_${id}".dados_produtores_agro`;
const gold = `iceberg."gold_${id}".proponente_features_agro`;
const bronze = `iceberg."${project.bronze}".dados_produtores_agro`;
const deadLetters = `iceberg."${project.bronze}".dados_produtores_agro_dead_letter`;
const produced: Produced[] = [];
let serve: Serve;
let port: number;
let proxy: TcpProxy;
let prometheus: Awaited<ReturnType<typeof startPrometheus>> | undefined;
let seed = 1;

async function produceMore(count: number): Promise<void> {
  const before = produced.length;
  const batch = await produce(project.topic, 3, { count, seed: seed++, badShare: 0.05, oldSchemaShare: 0.2 });
  // produce() numbers offsets from 0 per call; shift them after what this test already sent.
  const next = [0n, 0n, 0n];
  for (const p of produced) next[p.partition] = (next[p.partition] ?? 0n) + 1n;
  produced.push(...batch.map((m) => ({ ...m, offset: m.offset + next[m.partition]! })));
  expect(produced.length).toBe(before + count);
}

const runs = async (workflow: string) =>
  trino.queryObjects<{ status: string; started: number }>(`SELECT status, to_unixtime(started_at) AS started FROM iceberg.lakeform.runs WHERE project = '${project.dir}' AND workflow = '${workflow}' ORDER BY started_at`);
const readyz = async () => {
  const r = await fetch(`http://127.0.0.1:${port}/readyz`);
  return { status: r.status, body: (await r.json()) as { ready: boolean; checks: { name: string; ok: boolean; detail: string }[] } };
};
const metrics = async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
const count = async (sql: string) => Number((await trino.query(sql)).rows[0]![0]);

describe("lakeform serve on the example project", () => {
  beforeAll(async () => {
    await createTopic(project.topic, 3);
    await produceMore(400);
    const trinoUrl = new URL(conn.trino.url);
    proxy = new TcpProxy(await freePort(), { host: trinoUrl.hostname, port: Number(trinoUrl.port) });
    await proxy.up();
    port = await freePort();
    serve = spawnServe(
      [project.dir, "--listen", `127.0.0.1:${port}`, "--schema-suffix", id, "--cron", `silver_nrt=*/${SILVER_EVERY_S} * * * * *`, "--cron", `gold_hourly=*/${GOLD_EVERY_S} * * * * *`, "--shutdown-timeout", "60"],
      { LAKEFORM_TRINO_URL: `http://127.0.0.1:${proxy.port}` },
    );
    prometheus = await startPrometheus(`127.0.0.1:${port}`);
  });

  afterAll(async () => {
    if (serve && serve.child.exitCode === null && serve.child.signalCode === null) {
      serve.child.kill("SIGKILL");
      await serve.exited;
    }
    await prometheus?.stop();
    await proxy?.down();
    for (const s of [`silver_${id}`, `gold_${id}`, `qualidade_${id}`, `busy_${id}`, `silver_${id}c`, `qualidade_${id}c`, project.bronze]) await dropSchema(s).catch(() => undefined);
    await deleteTopic(project.topic);
  });

  it("becomes ready once Trino and Kafka answer and the ingester has its partitions", async () => {
    const r = await until("/readyz to answer 200", async () => ((await readyz()).status === 200 ? readyz() : undefined), 240_000);
    expect(r.body.checks.map((c) => c.name)).toEqual(expect.arrayContaining(["trino", "kafka", "ingest:dados_produtores", "workflow:silver_nrt", "workflow:gold_hourly"]));
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    // Neither workflow has run before (catchUp defaults to true): each runs once at start-up; busy (catchUp: false) waits for its cron.
    await until("both catch-up runs to start", async () => /\[silver_nrt\] run starting \(catch-up of /.test(serve.output()) && /\[gold_hourly\] run starting \(catch-up of /.test(serve.output()), 120_000);
    expect(serve.output()).not.toMatch(/\[busy\] run starting \(catch-up/);
  });

  it("runs both workflows at their cadence while events arrive, never twice in one tick", async () => {
    for (let i = 0; i < 3; i++) {
      await produceMore(200);
      await new Promise((r) => setTimeout(r, 10_000));
    }
    await until("3 silver and 2 gold successful runs", async () => {
      const [s, g] = [await runs("silver_nrt"), await runs("gold_hourly")];
      return s.filter((r) => r.status === "success").length >= 3 && g.filter((r) => r.status === "success").length >= 2;
    }, 560_000, 3000);
    for (const [workflow, every] of [["silver_nrt", SILVER_EVERY_S], ["gold_hourly", GOLD_EVERY_S]] as const) {
      // Each run starts in the cron window of the tick (or catch-up) that started it: one run per window.
      const windows = (await runs(workflow)).map((r) => Math.floor(r.started / every));
      expect(new Set(windows).size, workflow).toBe(windows.length);
    }
    // On a loaded two-core machine a silver run takes longer than its 15 s cron: ticks are skipped, not queued.
  }, 620_000);

  it("brings silver up to bronze and gold after it", async () => {
    await until("every bronze event in silver", async () => {
      const missing = await count(`SELECT count(*) FROM (SELECT _topic, _partition, _offset FROM ${bronze} EXCEPT SELECT _topic, _partition, _offset FROM ${silver})`);
      return missing === 0 && (await count(`SELECT count(*) FROM ${bronze}`)) > 0;
    }, 240_000, 3000);
    const silverDone = Date.now() / 1000;
    await until("a gold run after silver caught up", async () => (await runs("gold_hourly")).some((r) => r.status === "success" && r.started > silverDone), 180_000, 3000);
    const goldRows = await count(`SELECT count(*) FROM ${gold}`);
    const expected = await count(`SELECT count(DISTINCT proponente_id) FROM ${silver} WHERE registro_valido`);
    expect(goldRows).toBeGreaterThan(0);
    // silver may have moved on since that gold run, never the other way round
    expect(goldRows).toBeLessThanOrEqual(expected);
  });

  it("skips the ticks of a workflow slower than its cron, and says so", async () => {
    const text = await metrics();
    const skipped = Number(/lakeform_workflow_skipped_ticks_total\{workflow="busy",reason="overlap"\} (\d+)/.exec(text)?.[1]);
    expect(skipped).toBeGreaterThan(0);
    expect(serve.output()).toMatch(/\[busy\] tick \S+ skipped \(overlap\): the previous run is still going/);
    expect((await runs("busy")).length).toBeGreaterThan(0);
  });

  it("is scraped by a real Prometheus, and PromQL returns the workflow series", async () => {
    const p = prometheus!;
    const up = await until("Prometheus to scrape serve", async () => {
      const r = await promQuery(p.url, 'up{job="lakeform"}');
      return r.length === 1 && r[0]!.value[1] === "1" ? r : undefined;
    }, 60_000);
    expect(up[0]!.metric.instance).toBe(`127.0.0.1:${port}`);
    const successes = await until("runs in Prometheus", async () => {
      const r = await promQuery(p.url, 'sum by (workflow) (lakeform_runs_total{status="success"})');
      return r.length >= 3 ? r : undefined;
    }, 60_000);
    const byWorkflow = Object.fromEntries(successes.map((s) => [s.metric.workflow, Number(s.value[1])]));
    const logged = { silver: (await runs("silver_nrt")).filter((r) => r.status === "success").length, gold: (await runs("gold_hourly")).filter((r) => r.status === "success").length };
    expect(byWorkflow.silver_nrt).toBeGreaterThanOrEqual(3);
    expect(byWorkflow.silver_nrt).toBeLessThanOrEqual(logged.silver);
    expect(byWorkflow.gold_hourly).toBeGreaterThanOrEqual(2);
    expect(byWorkflow.gold_hourly).toBeLessThanOrEqual(logged.gold);
    const last = await promQuery(p.url, "time() - lakeform_workflow_last_success_timestamp_seconds");
    expect(last.map((s) => s.metric.workflow).sort()).toEqual(expect.arrayContaining(["gold_hourly", "silver_nrt"]));
    for (const s of last) expect(Number(s.value[1])).toBeLessThan(600);
    const hist = await promQuery(p.url, 'sum(lakeform_action_duration_seconds_count{workflow="silver_nrt",kind="incremental"})');
    expect(Number(hist[0]?.value[1])).toBeGreaterThanOrEqual(3);
  });

  it("turns unready while Trino is unreachable and ready again when it is back, without a restart", async () => {
    const pid = serve.child.pid;
    await proxy.down();
    const down = await until("/readyz to answer 503", async () => {
      const r = await readyz();
      return r.status === 503 ? r : undefined;
    }, 60_000);
    expect(down.body.checks.find((c) => c.name === "trino")).toMatchObject({ ok: false });
    await proxy.up();
    await until("/readyz to answer 200 again", async () => (await readyz()).status === 200, 180_000, 2000);
    expect(serve.child.pid).toBe(pid);
    expect(serve.child.exitCode).toBeNull();
  });

  it("on SIGTERM during a MERGE and an ingest batch: exits 0 in time, loses and duplicates nothing, and leaves silver as a clean run builds it", async () => {
    // A run that lost Trino while the test above cut the proxy can leave its MERGE running in
    // Trino with no client (Trino drops it only minutes later), and its run log entry is written
    // late (pending-run-log.jsonl, by the next run): neither may count as the interrupted run.
    const since = Date.now() / 1000;
    await produceMore(3000);
    // Catch silver's MERGE running in Trino, then stop serve.
    await until("silver's MERGE to run", async () => {
      const q = await trino.query(`SELECT count(*) FROM system.runtime.queries WHERE state = 'RUNNING' AND query LIKE 'MERGE INTO%silver_${id}%' AND created > from_unixtime(${since})`);
      return Number(q.rows[0]![0]) > 0;
    }, 240_000, 200);
    const before = new Set((await runs("silver_nrt")).map((r) => r.started));
    const t0 = Date.now();
    serve.child.kill("SIGTERM");
    const exit = await serve.exited;
    const seconds = (Date.now() - t0) / 1000;
    expect(exit, serve.output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(seconds).toBeLessThan(60 + 10);
    expect(serve.output()).toMatch(/SIGTERM: stopping/);
    // The interrupted run is in the run log (cancelled, or success if its commit beat the cancel).
    const after = (await runs("silver_nrt")).filter((r) => !before.has(r.started) && !(r.status === "failed" && r.started < since));
    expect(after.length, serve.output().slice(-3000)).toBe(1);
    expect(["cancelled", "success"]).toContain(after[0]!.status);

    // Land the rest and check every produced offset is in bronze or the dead letters exactly once.
    const ingest = runCli(["ingest", project.dir, "--until-idle", "--quiet-ms", "15000"], { timeoutMs: 300_000 });
    expect(ingest.status, ingest.stderr).toBe(0);
    const landed = await trino.query(`SELECT _partition, _offset, count(*) FROM (SELECT _partition, _offset FROM ${bronze} UNION ALL SELECT _partition, _offset FROM ${deadLetters}) GROUP BY 1, 2`);
    expect(landed.rows.filter((r) => Number(r[2]) !== 1)).toEqual([]);
    const keys = new Set(landed.rows.map((r) => `${r[0]}:${r[1]}`));
    expect(keys.size).toBe(produced.length);
    for (const m of produced) expect(keys.has(`${m.partition}:${m.offset}`)).toBe(true);

    // Finish silver incrementally, then compare it with a clean full build from the same bronze.
    for (const args of [["run", project.dir, "--workflow", "silver_nrt", "--schema-suffix", id], ["run", project.dir, "--tags", "silver", "--schema-suffix", `${id}c`]]) {
      const r = runCli(args, { timeoutMs: 600_000 });
      expect(r.status, r.stderr).toBe(0);
    }
    const cols = (await trino.query(`SELECT column_name FROM iceberg.information_schema.columns WHERE table_schema = 'silver_${id}' AND table_name = 'dados_produtores_agro' AND column_name <> 'processed_at' ORDER BY ordinal_position`)).rows.map((r) => `"${String(r[0])}"`).join(", ");
    const clean = `iceberg."silver_${id}c".dados_produtores_agro`;
    expect(await count(`SELECT count(*) FROM (SELECT ${cols} FROM ${silver} EXCEPT SELECT ${cols} FROM ${clean})`)).toBe(0);
    expect(await count(`SELECT count(*) FROM (SELECT ${cols} FROM ${clean} EXCEPT SELECT ${cols} FROM ${silver})`)).toBe(0);
    expect(await count(`SELECT count(*) FROM ${silver}`)).toBe(await count(`SELECT count(*) FROM ${bronze}`));
    const wf = await trino.queryObjects<{ workflow: string | null }>(`SELECT workflow FROM iceberg.lakeform.runs WHERE project = '${project.dir}' ORDER BY started_at DESC LIMIT 2`);
    // the clean build was hand-picked (--tags): no workflow; the rerun before it was silver_nrt
    expect(wf.map((r) => r.workflow)).toEqual([null, "silver_nrt"]);
  });
});
