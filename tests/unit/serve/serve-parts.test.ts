import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Workflow } from "../../../src/config/workflows.js";
import { parseListen } from "../../../src/serve/http-server.js";
import { IngestAssignments } from "../../../src/serve/ingest-assignments.js";
import { createServeMetrics, RunMetricsObserver } from "../../../src/serve/metrics.js";
import { parsePartitions } from "../../../src/ingest/ownership/partition-set.js";
import { cached } from "../../../src/serve/probes.js";
import { readiness } from "../../../src/serve/readiness.js";
import { parseCronOverrides, selectWorkflows } from "../../../src/serve/workflow-selection.js";
import { finished, initialStatus } from "../../../src/serve/workflow-status.js";
import { lockTables } from "../../../src/run/table-locks.js";

const at = (iso: string) => new Date(iso);

describe("readiness", () => {
  const base = { now: at("2026-01-01T10:00:00Z"), trino: { ok: true }, kafka: { ok: true }, ingesters: new Map([["s", true]]), workflows: [] };
  it("is ready when every check passes, and names the failing one otherwise", () => {
    expect(readiness(base).ready).toBe(true);
    const down = readiness({ ...base, trino: { ok: false, detail: "connection refused" } });
    expect(down.ready).toBe(false);
    expect(down.checks.filter((c) => !c.ok)).toEqual([{ name: "trino", ok: false, detail: "connection refused" }]);
    expect(readiness({ ...base, ingesters: new Map([["s", false]]) }).checks.find((c) => !c.ok)?.name).toBe("ingest:s");
    expect(readiness({ ...base, kafka: undefined, ingesters: new Map() }).checks.map((c) => c.name)).toEqual(["trino"]);
  });
  it("tolerates a failing workflow for its grace, counted from the first failure since the last success", () => {
    let s = finished(initialStatus("w"), "failed", at("2026-01-01T09:50:00Z"));
    s = finished(s, "failed", at("2026-01-01T09:55:00Z"));
    const check = (now: string, graceMs: number) => readiness({ ...base, now: at(now), workflows: [{ status: s, graceMs }] }).ready;
    expect(check("2026-01-01T09:59:00Z", 600_000)).toBe(true);
    expect(check("2026-01-01T10:00:01Z", 600_000)).toBe(false);
    expect(readiness({ ...base, workflows: [{ status: finished(s, "success", at("2026-01-01T09:59:00Z")), graceMs: 1 }] }).ready).toBe(true);
    // a cancelled run (shutdown) neither fails nor heals
    expect(finished(s, "cancelled", at("2026-01-01T09:59:00Z")).failingSince).toEqual(at("2026-01-01T09:50:00Z"));
  });
});

describe("table locks", () => {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-locks-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  it("takes all tables or none, and lets disjoint selections hold theirs at once", () => {
    const a = lockTables(dir, ["iceberg.silver.x", "iceberg.silver.y"], "a");
    const b = lockTables(dir, ["iceberg.gold.z"], "b");
    expect("release" in a && "release" in b).toBe(true);
    const c = lockTables(dir, ["iceberg.gold.w", "iceberg.silver.y"], "c");
    expect(c).toMatchObject({ busy: { table: "iceberg.silver.y", owner: { what: "a", pid: process.pid } } });
    // c released iceberg.gold.w when it found silver.y busy
    const d = lockTables(dir, ["iceberg.gold.w"], "d");
    expect("release" in d).toBe(true);
    if ("release" in a) a.release();
    const e = lockTables(dir, ["iceberg.silver.y", 'iceberg.silver."odd/name"'], "e");
    expect("release" in e).toBe(true);
    for (const l of [b, d, e]) if ("release" in l) l.release();
  });
});

describe("serve options", () => {
  it("parses --partitions, --listen and --cron", () => {
    expect(parsePartitions("0-5")).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parsePartitions("7, 1-2,2")).toEqual([1, 2, 7]);
    expect(() => parsePartitions("3-1")).toThrow(/ends before it starts/);
    expect(() => parsePartitions("a")).toThrow(/not a partition number or range/);
    expect(parseListen("9464")).toEqual({ host: "127.0.0.1", port: 9464 });
    expect(parseListen("0.0.0.0:9464")).toEqual({ host: "0.0.0.0", port: 9464 });
    expect(parseListen("[::1]:0")).toEqual({ host: "::1", port: 0 });
    expect(() => parseListen("localhost")).toThrow(/--listen/);
    expect([...parseCronOverrides(["a=*/10 * * * * *"])]).toEqual([["a", "*/10 * * * * *"]]);
  });
  it("selects workflows, applies cron overrides and reports unknown names with a guess", () => {
    const w = (name: string): Workflow => ({ name, cron: "0 * * * *", timeZone: undefined, tags: [], actions: [], includeDependencies: false, includeDependents: false, vars: {}, catchUp: true, graceSeconds: undefined });
    const all = [w("silver_nrt"), w("gold_hourly")];
    expect(selectWorkflows(all, ["gold_hourly"], new Map([["gold_hourly", "*/20 * * * * *"]]), false)).toEqual([{ ...w("gold_hourly"), cron: "*/20 * * * * *", catchUp: false }]);
    expect(() => selectWorkflows(all, ["silver_nrtt"], new Map())).toThrow('unknown workflow "silver_nrtt" — did you mean "silver_nrt"?');
    expect(() => selectWorkflows(all, undefined, new Map([["silver_nrt", "nope"]]))).toThrow(/--cron silver_nrt: invalid cron/);
  });
});

describe("ingest assignments", () => {
  it("follows the ingester's assignment log lines (the format run-ingest writes)", () => {
    const a = new IngestAssignments(["dados", "other", "vendas"]);
    const seen: string[] = [];
    const log = a.wrap((_l, m) => seen.push(m));
    log("info", "[dados] assigned partitions 0,1,2");
    log("info", "[other] assigned partitions (none)");
    log("info", "[vendas] landing s3://landing/vendas/ (csv) → iceberg.bronze.vendas");
    expect(a.snapshot).toEqual(new Map([["dados", true], ["other", false], ["vendas", true]]));
    expect(seen).toHaveLength(3);
    a.clear();
    expect([...a.snapshot.values()]).toEqual([false, false, false]);
  });
});

describe("probe cache", () => {
  it("shares one probe for its ttl", async () => {
    let calls = 0;
    let t = 0;
    const p = cached(async () => ({ ok: ++calls > 0 }), 2000, () => t);
    await Promise.all([p(), p()]);
    t = 1999;
    await p();
    t = 2000;
    await p();
    expect(calls).toBe(2);
  });
});

describe("run metrics", () => {
  it("counts actions by status, observes durations and rows, and counts failed assertions", async () => {
    const m = createServeMetrics();
    const o = new RunMetricsObserver(m);
    const run = { runId: "r", projectDir: "/p", startedAt: "2026-01-01T10:00:00Z", graph: { actions: [], settings: {} }, selected: [], dryRun: false, workflow: "silver_nrt" } as never;
    const outcome = (kind: string, status: string, rows: number) => ({ action: { kind, key: `iceberg.s.${kind}` }, status, startedAt: "2026-01-01T10:00:00Z", endedAt: "2026-01-01T10:00:02Z", statements: [], rowsWritten: rows }) as never;
    o.onActionEnd(run, outcome("incremental", "success", 40));
    o.onActionEnd(run, outcome("assertion", "failed", 0));
    const text = await m.registry.metrics();
    expect(text).toContain('lakeform_actions_total{workflow="silver_nrt",kind="incremental",status="success"} 1');
    expect(text).toContain('lakeform_rows_written_total{workflow="silver_nrt"} 40');
    expect(text).toContain('lakeform_assertion_failures_total{workflow="silver_nrt",assertion="iceberg.s.assertion"} 1');
    expect(text).toContain('lakeform_action_duration_seconds_bucket{le="2.5",workflow="silver_nrt",kind="incremental"} 1');
  });
});
