import { describe, expect, it } from "vitest";
import type { Workflow } from "../../../src/config/workflows.js";
import { missedTick } from "../../../src/serve/catch-up.js";
import { intervalMs, nextFire, previousFire } from "../../../src/serve/cron-times.js";
import { WorkflowScheduler, type Locked, type SkipReason } from "../../../src/serve/scheduler.js";
import type { WorkflowRunStatus } from "../../../src/serve/workflow-status.js";
import { FakeClock, settle } from "./fake-clock.js";

const at = (iso: string) => new Date(iso);

function workflow(name: string, cron: string, more: Partial<Workflow> = {}): Workflow {
  return { name, cron, timeZone: undefined, tags: [], actions: [], includeDependencies: false, includeDependents: false, vars: {}, catchUp: false, graceSeconds: undefined, ...more };
}

describe("cron times", () => {
  it("finds the next and previous fire times, seconds and time zones included", () => {
    expect(nextFire({ cron: "*/5 * * * *" }, at("2026-01-01T10:02:00Z"))).toEqual(at("2026-01-01T10:05:00Z"));
    expect(nextFire({ cron: "*/5 * * * *" }, at("2026-01-01T10:05:00Z"))).toEqual(at("2026-01-01T10:10:00Z"));
    expect(previousFire({ cron: "*/5 * * * *" }, at("2026-01-01T10:05:00Z"))).toEqual(at("2026-01-01T10:05:00Z"));
    expect(previousFire({ cron: "0 * * * *" }, at("2026-01-01T10:59:59Z"))).toEqual(at("2026-01-01T10:00:00Z"));
    expect(nextFire({ cron: "*/10 * * * * *" }, at("2026-01-01T10:00:01Z"))).toEqual(at("2026-01-01T10:00:10Z"));
    // 06:00 in São Paulo (UTC-3, no DST since 2019) is 09:00 UTC.
    expect(nextFire({ cron: "0 6 * * *", timeZone: "America/Sao_Paulo" }, at("2026-01-01T00:00:00Z"))).toEqual(at("2026-01-01T09:00:00Z"));
    expect(intervalMs({ cron: "*/5 * * * *" }, at("2026-01-01T10:02:00Z"))).toBe(300_000);
  });
});

describe("catch-up after downtime", () => {
  const w = { cron: "0 * * * *", catchUp: true };
  it("runs the missed tick once when the last run started before the latest fire time", () => {
    expect(missedTick({ ...w, lastStartedAt: at("2026-01-01T07:00:02Z"), now: at("2026-01-01T10:20:00Z") })).toEqual(at("2026-01-01T10:00:00Z"));
  });
  it("does nothing when the latest tick ran, or when catchUp is off", () => {
    expect(missedTick({ ...w, lastStartedAt: at("2026-01-01T10:00:01Z"), now: at("2026-01-01T10:20:00Z") })).toBeUndefined();
    expect(missedTick({ ...w, catchUp: false, lastStartedAt: at("2026-01-01T07:00:00Z"), now: at("2026-01-01T10:20:00Z") })).toBeUndefined();
  });
  it("treats a workflow that never ran as missed", () => {
    expect(missedTick({ ...w, lastStartedAt: undefined, now: at("2026-01-01T10:20:00Z") })).toEqual(at("2026-01-01T10:00:00Z"));
  });
});

/** A scheduler whose runs are promises the test resolves by hand. */
function harness(workflows: Workflow[], opts: { last?: Map<string, Date>; busy?: (w: Workflow) => string | undefined; tables?: Record<string, string[]> } = {}) {
  const clock = new FakeClock(at("2026-01-01T10:00:00.500Z"));
  const log: string[] = [];
  const finishers: { name: string; finish: (s: WorkflowRunStatus) => void }[] = [];
  const held = new Set<string>();
  const s = new WorkflowScheduler(workflows, {
    clock,
    lockRetryMs: 1000,
    prepare: async (w) => ({
      tables: opts.tables?.[w.name] ?? [`t_${w.name}`],
      run: (signal) =>
        new Promise<WorkflowRunStatus>((resolve) => {
          finishers.push({ name: w.name, finish: resolve });
          signal.addEventListener("abort", () => resolve("cancelled"), { once: true });
        }),
    }),
    lock: (w, tables): Locked => {
      const busy = opts.busy?.(w) ?? tables.find((t) => held.has(t));
      if (busy) return { busy };
      tables.forEach((t) => held.add(t));
      return { release: () => tables.forEach((t) => held.delete(t)) };
    },
    lastStarted: async () => opts.last ?? new Map(),
    events: {
      onStart: (w, trigger, tick) => log.push(`${clock.now().toISOString().slice(11, 19)} start ${w.name} ${trigger} ${tick.toISOString().slice(11, 19)}`),
      onEnd: (w, status) => log.push(`${clock.now().toISOString().slice(11, 19)} end ${w.name} ${status}`),
      onSkip: (w, reason: SkipReason, tick) => log.push(`${clock.now().toISOString().slice(11, 19)} skip ${w.name} ${reason} ${tick.toISOString().slice(11, 19)}`),
    },
  });
  const finish = async (name: string, status: WorkflowRunStatus = "success") => {
    const i = finishers.findIndex((f) => f.name === name);
    finishers.splice(i, 1)[0]!.finish(status);
    await settle();
  };
  return { clock, s, log, finish };
}

describe("workflow scheduler", () => {
  it("runs each workflow at its cadence and skips (and says so) a tick that finds its previous run still going", async () => {
    const { clock, s, log, finish } = harness([workflow("fast", "*/10 * * * * *"), workflow("slow", "*/30 * * * * *")]);
    await s.start();
    await clock.advanceTo(at("2026-01-01T10:00:10.500Z"));
    await finish("fast");
    await clock.advanceTo(at("2026-01-01T10:00:20.500Z")); // fast runs again, stays busy
    await clock.advanceTo(at("2026-01-01T10:00:30.500Z")); // fast skipped; slow starts
    await finish("fast");
    await finish("slow");
    await clock.advanceTo(at("2026-01-01T10:00:40.500Z"));
    expect(log).toEqual([
      "10:00:10 start fast tick 10:00:10",
      "10:00:10 end fast success",
      "10:00:20 start fast tick 10:00:20",
      "10:00:30 start slow tick 10:00:30",
      "10:00:30 skip fast overlap 10:00:30",
      "10:00:30 end fast success",
      "10:00:30 end slow success",
      "10:00:40 start fast tick 10:00:40",
    ]);
    expect(s.status("fast")).toMatchObject({ runs: 2, skipped: 1, running: true, lastStatus: "success" });
    s.stop(true);
    await s.drained();
    expect(s.status("fast")).toMatchObject({ running: false, lastStatus: "cancelled", runs: 3 });
  });

  it("runs two workflows at once when their tables differ, and makes one wait while they share a table", async () => {
    const both = [workflow("a", "*/10 * * * * *"), workflow("b", "*/10 * * * * *")];
    const apart = harness(both);
    await apart.s.start();
    await apart.clock.advanceTo(at("2026-01-01T10:00:10.500Z"));
    expect(apart.log).toEqual(["10:00:10 start a tick 10:00:10", "10:00:10 start b tick 10:00:10"]);

    const shared = harness(both, { tables: { a: ["silver.t"], b: ["silver.t"] } });
    await shared.s.start();
    await shared.clock.advanceTo(at("2026-01-01T10:00:10.500Z"));
    await shared.clock.advance(3000);
    await shared.finish("a");
    await shared.clock.advance(1000);
    expect(shared.log).toEqual(["10:00:10 start a tick 10:00:10", "10:00:13 end a success", "10:00:14 start b tick 10:00:10"]);
    shared.s.stop(true);
    await shared.s.drained();
    apart.s.stop(true);
    await apart.s.drained();
  });

  it("gives up a tick whose tables stay busy until the next tick is due", async () => {
    const { clock, s, log } = harness([workflow("a", "*/10 * * * * *")], { busy: () => "silver.t is being written by lakeform run (pid 1)" });
    await s.start();
    await clock.advanceTo(at("2026-01-01T10:00:19.000Z"));
    expect(log).toEqual(["10:00:19 skip a tables-busy 10:00:10"]);
    expect(s.status("a")).toMatchObject({ running: false, skipped: 1, runs: 0 });
    s.stop(true);
    await s.drained();
  });

  it("runs a missed tick once at start-up when catchUp is on", async () => {
    const last = new Map([["hourly", at("2026-01-01T07:00:01Z")], ["fresh", at("2026-01-01T10:00:00.100Z")]]);
    const { s, log, finish } = harness([workflow("hourly", "0 * * * *", { catchUp: true }), workflow("fresh", "0 * * * *", { catchUp: true }), workflow("off", "0 * * * *")], { last });
    await s.start();
    await settle();
    expect(log).toEqual(["10:00:00 start hourly catch-up 10:00:00"]);
    await finish("hourly", "failed");
    expect(s.status("hourly")).toMatchObject({ lastStatus: "failed", failingSince: at("2026-01-01T10:00:00.500Z") });
    s.stop(true);
    await s.drained();
  });

  it("stops ticking on stop() and cancels what runs", async () => {
    const { clock, s, log } = harness([workflow("a", "*/10 * * * * *")]);
    await s.start();
    await clock.advanceTo(at("2026-01-01T10:00:10.500Z"));
    s.stop(true);
    await s.drained();
    await clock.advanceTo(at("2026-01-01T10:01:00Z"));
    expect(log).toEqual(["10:00:10 start a tick 10:00:10", "10:00:10 end a cancelled"]);
  });
});
