/**
 * Runs declared workflows on their crons. Each workflow has its own loop; a tick that finds the
 * previous run of the same workflow still going is skipped (and reported), never queued. Two
 * workflows run side by side unless they would write the same table: a run first takes its
 * table locks, and while another run holds one it retries every second until its next tick is
 * due, then gives up that tick. At start-up a missed tick runs once (`catchUp`). Time and
 * effects are injected, so the policy is tested with a fake clock.
 */
import type { Workflow } from "../config/workflows.js";
import { errorMessage } from "../common/errors.js";
import { missedTick } from "./catch-up.js";
import type { Clock } from "./clock.js";
import { intervalMs, nextFire } from "./cron-times.js";
import { finished, initialStatus, scheduledAt, skipped, started, type WorkflowRunStatus, type WorkflowStatus } from "./workflow-status.js";

export type Trigger = "tick" | "catch-up" | "once";
export type SkipReason = "overlap" | "tables-busy";

export interface PreparedRun {
  /** tables the run may write (its table locks) */
  readonly tables: readonly string[];
  run(signal: AbortSignal): Promise<WorkflowRunStatus>;
}

export type Locked = { readonly release: () => void } | { readonly busy: string };

export interface SchedulerDeps {
  readonly clock: Clock;
  /** compile the project with the workflow's vars and plan its selection */
  prepare(w: Workflow): Promise<PreparedRun>;
  lock(w: Workflow, tables: readonly string[]): Locked;
  /** start of each workflow's last run that was not cancelled (from the run log) */
  lastStarted(names: readonly string[]): Promise<ReadonlyMap<string, Date>>;
  readonly events?: SchedulerEvents;
  /** how often a run waiting for a busy table tries again */
  readonly lockRetryMs?: number;
}

export interface SchedulerEvents {
  onStart?(w: Workflow, trigger: Trigger, tick: Date): void;
  onEnd?(w: Workflow, status: WorkflowRunStatus, ms: number): void;
  onSkip?(w: Workflow, reason: SkipReason, tick: Date, detail: string): void;
  onError?(w: Workflow, error: unknown): void;
}

export class WorkflowScheduler {
  private readonly statuses = new Map<string, WorkflowStatus>();
  private readonly stopping = new AbortController();
  private readonly cancelRuns = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly workflows: readonly Workflow[],
    private readonly deps: SchedulerDeps,
  ) {
    for (const w of workflows) this.statuses.set(w.name, initialStatus(w.name));
  }

  status(name: string): WorkflowStatus {
    return this.statuses.get(name)!;
  }

  allStatuses(): WorkflowStatus[] {
    return this.workflows.map((w) => this.status(w.name));
  }

  /** Readiness grace: as declared, else two cron periods (one failed run is tolerated until the next tick has had its chance). */
  graceMs(w: Workflow): number {
    return w.graceSeconds !== undefined ? w.graceSeconds * 1000 : 2 * (intervalMs(w, this.deps.clock.now()) ?? 3_600_000);
  }

  /** Runs missed ticks once, then starts every workflow's cron loop. */
  async start(): Promise<void> {
    const now = this.deps.clock.now();
    let last: ReadonlyMap<string, Date> = new Map();
    if (this.workflows.some((w) => w.catchUp)) {
      try {
        last = await this.deps.lastStarted(this.workflows.map((w) => w.name));
      } catch (e) {
        // Without the run log there is no telling what was missed; running once is the safe side.
        for (const w of this.workflows) this.deps.events?.onError?.(w, new Error(`cannot read the run log for catch-up (${errorMessage(e)}); treating every workflow as never run`));
      }
    }
    for (const w of this.workflows) {
      const missed = missedTick({ ...w, lastStartedAt: last.get(w.name), now });
      if (missed) this.launch(w, "catch-up", missed);
    }
    this.loops = this.workflows.map((w) => this.loop(w, now));
  }

  /** Stop ticking; with `cancel`, running workflows are cancelled (their Trino queries too). */
  stop(cancel: boolean): void {
    this.stopping.abort();
    if (cancel) this.cancelRuns.abort(new Error("serve is shutting down"));
  }

  /** Resolves once the loops ended and every started run finished (after `stop`). */
  async drained(): Promise<void> {
    await Promise.all(this.loops);
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private set(name: string, f: (s: WorkflowStatus) => WorkflowStatus): void {
    this.statuses.set(name, f(this.status(name)));
  }

  private async loop(w: Workflow, from: Date): Promise<void> {
    const { clock } = this.deps;
    let after = from;
    while (!this.stopping.signal.aborted) {
      const next = nextFire(w, after);
      this.set(w.name, (s) => scheduledAt(s, next));
      if (!next) return;
      await clock.sleep(next.getTime() - clock.now().getTime(), this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      // Waking up a little early must not fire the same tick twice: continue from the tick itself.
      after = next;
      if (this.status(w.name).running) {
        this.set(w.name, skipped);
        this.deps.events?.onSkip?.(w, "overlap", next, "the previous run is still going");
        continue;
      }
      this.launch(w, "tick", next);
    }
  }

  /** Starts one run of `w` in the background (tracked for `drained`). */
  launch(w: Workflow, trigger: Trigger, tick: Date): void {
    this.set(w.name, started);
    const p = this.runOne(w, trigger, tick).finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async runOne(w: Workflow, trigger: Trigger, tick: Date): Promise<void> {
    const { clock, events } = this.deps;
    let release: (() => void) | undefined;
    const t0 = clock.now().getTime();
    let status: WorkflowRunStatus = "failed";
    try {
      const prepared = await this.deps.prepare(w);
      const giveUpAt = nextFire(w, tick)?.getTime() ?? Infinity;
      for (;;) {
        const l = this.deps.lock(w, prepared.tables);
        if ("release" in l) {
          release = l.release;
          break;
        }
        if (this.stopping.signal.aborted || clock.now().getTime() + (this.deps.lockRetryMs ?? 1000) >= giveUpAt) {
          this.set(w.name, (s) => skipped({ ...s, running: false }));
          events?.onSkip?.(w, "tables-busy", tick, l.busy);
          return;
        }
        await clock.sleep(this.deps.lockRetryMs ?? 1000, this.stopping.signal);
      }
      events?.onStart?.(w, trigger, tick);
      status = await prepared.run(this.cancelRuns.signal);
    } catch (e) {
      status = this.cancelRuns.signal.aborted ? "cancelled" : "failed";
      events?.onError?.(w, e);
    } finally {
      release?.();
    }
    const end = clock.now();
    this.set(w.name, (s) => finished(s, status, end));
    events?.onEnd?.(w, status, end.getTime() - t0);
  }
}
