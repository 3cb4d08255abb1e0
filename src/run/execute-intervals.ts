/**
 * Executes a time-range task: its statements before the intervals in order, then the intervals
 * — each one MERGE (one commit) and its `lakeform.intervals` row — up to `intervalConcurrency` at
 * once, then the rest (post-ops, the snapshot read). Builds no SQL.
 *
 * Cancelling (Ctrl-C) cancels the running MERGEs (nothing of theirs commits) and starts no new
 * interval; an interval whose MERGE did commit still gets its log row, written without the
 * cancelled signal, so every finished interval is committed AND logged and the rest stay missing.
 * A failed interval stops new ones from starting; the task fails.
 */
import { isTransient, type QueryResult, type TrinoClient } from "../adapters/trino/client.js";
import { errorMessage } from "../common/errors.js";
import type { PlanTask } from "../plan/plan.js";
import type { RenderedStatement } from "../plan/render-types.js";
import type { ActionOutcome, StatementOutcome } from "./events.js";

/** The subset of execute-task's context this needs (not imported: execute-task imports this file). */
export interface IntervalTaskContext {
  readonly client: TrinoClient;
  readonly signal: AbortSignal;
  readonly maxRetries: number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}
type TaskContext = IntervalTaskContext;

type Outcome = Omit<ActionOutcome, "action">;

async function query(ctx: TaskContext, client: TrinoClient, sql: string, signal: AbortSignal | undefined): Promise<QueryResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.query(sql, signal ? { signal } : {});
    } catch (e) {
      if (!isTransient(e) || attempt >= ctx.maxRetries || signal?.aborted) throw e;
      await ctx.sleep(Math.min(30_000, 500 * 2 ** attempt));
    }
  }
}

export async function executeIntervalTask(ctx: TaskContext, task: PlanTask): Promise<Outcome> {
  const startedAt = ctx.now().toISOString();
  const statements: StatementOutcome[] = [];
  let rowsWritten = 0;
  let snapshotId: string | undefined;
  const done = (o: Partial<Outcome> & Pick<Outcome, "status">): Outcome => ({ startedAt, endedAt: ctx.now().toISOString(), statements, rowsWritten, ...o });

  const groups = new Map<string, RenderedStatement[]>();
  const before: RenderedStatement[] = [];
  const after: RenderedStatement[] = [];
  for (const s of task.statements) {
    if (s.interval !== undefined) groups.set(s.interval, [...(groups.get(s.interval) ?? []), s]);
    else (groups.size ? after : before).push(s);
  }

  const exec = async (s: RenderedStatement, signal: AbortSignal | undefined): Promise<void> => {
    const t0 = Date.now();
    try {
      const r = await query(ctx, ctx.client, s.sql, signal);
      statements.push({ sql: s.sql, role: s.role, queryId: r.queryId, rowsWritten: r.updateCount, elapsedMs: Date.now() - t0 });
      if (s.role === "merge" || s.role === "create") rowsWritten += r.updateCount ?? 0;
    } catch (e) {
      statements.push({ sql: s.sql, role: "failed", queryId: (e as { queryId?: string }).queryId, elapsedMs: Date.now() - t0 });
      throw e;
    }
  };
  /** The MERGE under the run's signal; once it committed, the log row whatever happens to the run. */
  const interval = async (list: readonly RenderedStatement[]): Promise<void> => {
    let committed = false;
    for (const s of list) {
      await exec(s, committed ? undefined : ctx.signal);
      if (s.role === "merge") committed = true;
    }
  };

  try {
    for (const s of before) await exec(s, ctx.signal);
    const queue = [...groups.values()];
    let failure: unknown;
    const worker = async (): Promise<void> => {
      while (queue.length && failure === undefined && !ctx.signal.aborted) {
        const next = queue.shift()!;
        try {
          await interval(next);
        } catch (e) {
          failure ??= e;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(task.intervalConcurrency ?? 1, queue.length)) }, worker));
    if (failure !== undefined) throw failure;
    if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new Error("cancelled");
    for (const s of after) {
      if (s.role === "snapshot-id") {
        const r = await ctx.client.query(s.sql, { signal: ctx.signal }).catch(() => undefined);
        const v = r?.rows[0]?.[0];
        snapshotId = v === undefined || v === null ? undefined : String(v);
      } else await exec(s, ctx.signal);
    }
  } catch (e) {
    if (ctx.signal.aborted) return done({ status: "cancelled", error: errorMessage(e) });
    return done({ status: "failed", error: errorMessage(e) });
  }
  return done({ status: "success", snapshotId });
}
