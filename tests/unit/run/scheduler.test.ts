import { describe, expect, it } from "vitest";
import type { PlanTask } from "../../../src/plan/plan.js";
import type { ActionStatus } from "../../../src/run/events.js";
import { runDag } from "../../../src/run/scheduler.js";

type R = { status: ActionStatus; reason?: string };

function task(key: string, dependsOn: string[] = []): PlanTask {
  return { key, kind: "table", mode: "create-table", file: `${key}.sqlx`, target: { database: "c", schema: "s", name: key }, dependsOn, statements: [], blocking: true, writesTable: true };
}

const tick = () => new Promise((r) => setTimeout(r, 5));

describe("runDag", () => {
  it("never runs more than `concurrency` tasks at once and respects dependencies", async () => {
    const tasks = [task("a"), task("b"), task("c"), task("d"), task("e", ["a", "b"])];
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const results = await runDag<R>(
      tasks,
      { concurrency: 2, failFast: false, signal: new AbortController().signal },
      async (t) => {
        running++;
        peak = Math.max(peak, running);
        await tick();
        order.push(t.key);
        running--;
        return { status: "success" };
      },
      (_t, _r, status) => ({ status }),
    );
    expect(peak).toBe(2);
    expect(order.indexOf("e")).toBeGreaterThan(order.indexOf("a"));
    expect(order.indexOf("e")).toBeGreaterThan(order.indexOf("b"));
    expect([...results.values()].every((r) => r.status === "success")).toBe(true);
  });

  it("skips the dependents of a failure (transitively) and runs the rest", async () => {
    const tasks = [task("a"), task("b", ["a"]), task("c", ["b"]), task("d")];
    const ran: string[] = [];
    const results = await runDag<R>(
      tasks,
      { concurrency: 4, failFast: false, signal: new AbortController().signal },
      async (t) => {
        ran.push(t.key);
        return { status: t.key === "a" ? ("failed") : ("success") };
      },
      (_t, reason, status) => ({ status, reason }),
    );
    expect(ran.sort()).toEqual(["a", "d"]);
    expect(results.get("b")).toMatchObject({ status: "skipped", reason: "upstream a failed" });
    expect(results.get("c")).toMatchObject({ status: "skipped", reason: "upstream b skipped" });
    expect(results.get("d")?.status).toBe("success");
  });

  it("fail-fast cancels running tasks and starts nothing new", async () => {
    const tasks = [task("a"), task("slow"), task("later", ["a"]), task("z1"), task("z2")];
    const results = await runDag<R>(
      tasks,
      { concurrency: 2, failFast: true, signal: new AbortController().signal },
      async (t, signal) => {
        if (t.key === "a") return { status: "failed" };
        await new Promise((r) => setTimeout(r, 200));
        return { status: signal.aborted ? ("cancelled") : ("success") };
      },
      (_t, _r, status) => ({ status }),
    );
    expect(results.get("a")?.status).toBe("failed");
    expect(results.get("slow")?.status).toBe("cancelled");
    expect(results.get("later")?.status).toBe("skipped");
    expect(["cancelled", "skipped"]).toContain(results.get("z2")?.status);
  });

  it("an external abort cancels what has not started", async () => {
    const ac = new AbortController();
    const tasks = [task("a"), task("b", ["a"])];
    const results = await runDag<R>(
      tasks,
      { concurrency: 1, failFast: false, signal: ac.signal },
      async () => {
        ac.abort(new Error("SIGINT"));
        return { status: "cancelled" };
      },
      (_t, reason, status) => ({ status, reason }),
    );
    expect(results.get("a")?.status).toBe("cancelled");
    expect(["cancelled", "skipped"]).toContain(results.get("b")?.status);
  });
});
