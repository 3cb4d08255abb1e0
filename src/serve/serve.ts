/**
 * `lakeform serve`: one long-running process for a lakehouse in production — every stream's
 * ingester (continuous), every workflow on its cron, and one HTTP port for /healthz, /readyz and
 * /metrics. `stop()` is the graceful shutdown: stop ticking, cancel running workflows (their Trino
 * queries are cancelled and the run log says "cancelled"), let each ingester commit its buffered
 * batch, and give up waiting after the shutdown timeout (then abandon the in-flight batches,
 * which are re-read on restart: bronze positions keep exactly once).
 */
import type { Registry } from "prom-client";
import type { Workflow } from "../config/workflows.js";
import { errorMessage } from "../common/errors.js";
import type { IngestLogger } from "../ingest/log.js";
import type { Clock } from "./clock.js";
import { startHttpServer, type RunningServer } from "./http-server.js";
import { IngestAssignments } from "./ingest-assignments.js";
import type { ServeMetrics } from "./metrics.js";
import { readiness, type Probe, type Readiness } from "./readiness.js";
import { WorkflowScheduler, type SchedulerDeps } from "./scheduler.js";

export type ServeLog = (level: "debug" | "info" | "warn" | "error", message: string) => void;

/** The ingestion half, as `runIngest` offers it: runs until `stop`, `abort` abandons in-flight batches. */
export type IngestRunner = (o: { readonly stop: AbortSignal; readonly abort: AbortSignal; readonly log: IngestLogger }) => Promise<unknown>;

export interface ServeConfig {
  readonly listen: { readonly host: string; readonly port: number };
  readonly workflows: readonly Workflow[];
  /** undefined: no ingestion in this process */
  readonly ingest: { readonly streams: readonly string[]; readonly run: IngestRunner } | undefined;
  readonly scheduler: Omit<SchedulerDeps, "events">;
  readonly probes: { readonly trino: () => Promise<Probe>; readonly kafka: (() => Promise<Probe>) | undefined };
  readonly metrics: ServeMetrics;
  readonly clock: Clock;
  readonly log: ServeLog;
  readonly shutdownTimeoutMs: number;
}

export interface ServeHandle {
  readonly server: RunningServer;
  readonly registry: Registry;
  readonly scheduler: WorkflowScheduler;
  /** settles when ingestion ends by itself (an ingester failed); never while running normally */
  readonly ingestEnded: Promise<unknown>;
  readiness(): Promise<Readiness>;
  /** graceful stop; resolves true when everything finished within the timeout */
  stop(reason: string): Promise<boolean>;
}

export async function startServe(c: ServeConfig): Promise<ServeHandle> {
  const { metrics: m, log } = c;
  let stopping = false;
  const scheduler = new WorkflowScheduler(c.workflows, {
    ...c.scheduler,
    events: {
      onStart: (w, trigger, tick) => {
        m.running.set({ workflow: w.name }, 1);
        log("info", `[${w.name}] run starting (${trigger} of ${tick.toISOString()})`);
      },
      onEnd: (w, status, ms) => {
        m.running.set({ workflow: w.name }, 0);
        m.runs.inc({ workflow: w.name, status });
        m.lastRunSeconds.set({ workflow: w.name }, ms / 1000);
        if (status === "success") m.lastSuccess.set({ workflow: w.name }, c.clock.now().getTime() / 1000);
        const next = scheduler.status(w.name).nextTick;
        log(status === "failed" ? "warn" : "info", `[${w.name}] run ${status} in ${(ms / 1000).toFixed(1)} s; next tick ${next?.toISOString() ?? "never"}`);
      },
      onSkip: (w, reason, tick, detail) => {
        m.skippedTicks.inc({ workflow: w.name, reason });
        log("warn", `[${w.name}] tick ${tick.toISOString()} skipped (${reason}): ${detail}`);
      },
      onError: (w, e) => log("error", `[${w.name}] ${errorMessage(e)}`),
    },
  });
  for (const w of c.workflows) {
    m.running.set({ workflow: w.name }, 0);
    for (const reason of ["overlap", "tables-busy"] as const) m.skippedTicks.inc({ workflow: w.name, reason }, 0);
    for (const status of ["success", "failed", "cancelled"] as const) m.runs.inc({ workflow: w.name, status }, 0);
  }

  const assignments = new IngestAssignments(c.ingest?.streams ?? []);
  const check = async (): Promise<Readiness> => {
    if (stopping) return { ready: false, checks: [{ name: "serve", ok: false, detail: "shutting down" }] };
    const [trino, kafka] = await Promise.all([c.probes.trino(), c.probes.kafka?.()]);
    const r = readiness({
      now: c.clock.now(),
      trino,
      kafka,
      ingesters: assignments.snapshot,
      workflows: c.workflows.map((w) => ({ status: scheduler.status(w.name), graceMs: scheduler.graceMs(w) })),
    });
    m.ready.set({ check: "all" }, r.ready ? 1 : 0);
    for (const ch of r.checks) m.ready.set({ check: ch.name }, ch.ok ? 1 : 0);
    return r;
  };

  const server = await startHttpServer({ registry: m.registry, readiness: check }, c.listen.host, c.listen.port);
  log("info", `listening on http://${server.host}:${server.port} (/healthz, /readyz, /metrics)`);

  const ingestStop = new AbortController();
  const ingestAbort = new AbortController();
  const ingestLog: IngestLogger = (level, message) => log(level, message);
  const ingestEnded: Promise<unknown> = c.ingest
    ? c.ingest.run({ stop: ingestStop.signal, abort: ingestAbort.signal, log: assignments.wrap(ingestLog) }).finally(() => assignments.clear())
    : new Promise<never>(() => {});
  // A failing ingester ends serve (see the CLI); an unobserved rejection must not crash it first.
  ingestEnded.catch(() => undefined);

  await scheduler.start();
  for (const s of scheduler.allStatuses()) log("info", `[${s.name}] next tick ${s.nextTick?.toISOString() ?? "never"}`);

  const stop = async (reason: string): Promise<boolean> => {
    if (stopping) return false;
    stopping = true;
    log("info", `${reason}: stopping — cancelling running workflows, committing in-flight ingest batches (up to ${c.shutdownTimeoutMs / 1000} s)`);
    scheduler.stop(true);
    ingestStop.abort();
    const all = Promise.allSettled([scheduler.drained(), c.ingest ? ingestEnded : Promise.resolve()]);
    const timer = new AbortController();
    const inTime = await Promise.race([all.then(() => true), c.clock.sleep(c.shutdownTimeoutMs, timer.signal).then(() => false)]);
    timer.abort();
    if (!inTime) {
      log("warn", `shutdown timeout (${c.shutdownTimeoutMs / 1000} s): abandoning in-flight ingest batches (they are re-read on restart)`);
      ingestAbort.abort(new Error("shutdown timeout"));
      const grace = new AbortController();
      await Promise.race([all, c.clock.sleep(5000, grace.signal)]);
      grace.abort();
    }
    await server.close();
    return inTime;
  };

  return { server, registry: m.registry, scheduler, ingestEnded, readiness: check, stop };
}
