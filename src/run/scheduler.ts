/**
 * Runs planned tasks as a DAG with a real concurrency cap. A failed task marks its dependents
 * skipped and the rest continue (or, with fail-fast, nothing new starts and running queries are
 * cancelled). Pure orchestration: the task body is injected.
 */
import type { PlanTask } from "../plan/plan.js";
import type { ActionStatus } from "./events.js";

export interface SchedulerOptions {
  readonly concurrency: number;
  readonly failFast: boolean;
  readonly signal: AbortSignal;
}

export interface TaskResult {
  readonly status: ActionStatus;
}

export async function runDag<R extends TaskResult>(
  tasks: readonly PlanTask[],
  options: SchedulerOptions,
  run: (task: PlanTask, signal: AbortSignal) => Promise<R>,
  onSkip: (task: PlanTask, reason: string, status: "skipped" | "cancelled") => R,
): Promise<Map<string, R>> {
  const results = new Map<string, R>();
  const pending = new Map(tasks.map((t) => [t.key, t]));
  const inner = new AbortController();
  const onOuterAbort = () => inner.abort(options.signal.reason);
  options.signal.addEventListener("abort", onOuterAbort, { once: true });
  const running = new Map<string, Promise<void>>();
  let stopping = false;
  const ok = (s: ActionStatus) => s === "success" || s === "warning";

  const settleBlocked = () => {
    let changed = true;
    while (changed) {
      changed = false;
      for (const t of pending.values()) {
        const bad = t.dependsOn.find((d) => results.has(d) && !ok(results.get(d)!.status));
        if (bad) {
          pending.delete(t.key);
          results.set(t.key, onSkip(t, `upstream ${bad} ${results.get(bad)!.status}`, "skipped"));
          changed = true;
        }
      }
    }
  };

  try {
    while (pending.size || running.size) {
      settleBlocked();
      if (stopping || inner.signal.aborted) {
        for (const t of pending.values()) results.set(t.key, onSkip(t, inner.signal.aborted && !stopping ? "run cancelled" : "fail-fast: an earlier action failed", "cancelled"));
        pending.clear();
      }
      const limit = Math.max(1, options.concurrency);
      for (const t of [...pending.values()]) {
        if (running.size >= limit) break;
        if (!t.dependsOn.every((d) => results.has(d) && ok(results.get(d)!.status))) continue;
        pending.delete(t.key);
        const p = run(t, inner.signal).then((r) => {
          results.set(t.key, r);
          running.delete(t.key);
          if (r.status === "failed" && options.failFast) {
            stopping = true;
            inner.abort(new Error("fail-fast"));
          }
        });
        running.set(t.key, p);
      }
      if (running.size === 0) {
        if (pending.size === 0) break;
        settleBlocked();
        if ([...pending.values()].every((t) => !t.dependsOn.every((d) => results.has(d)))) {
          // Unreachable with a topologically valid plan; guard against a silent hang.
          for (const t of pending.values()) results.set(t.key, onSkip(t, "dependency never ran", "skipped"));
          pending.clear();
        }
        continue;
      }
      await Promise.race(running.values());
    }
  } finally {
    options.signal.removeEventListener("abort", onOuterAbort);
  }
  return results;
}
