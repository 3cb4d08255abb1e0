/**
 * Executes one planned task's statements on Trino and interprets the results by role. Builds no
 * SQL: the follow-up reads (snapshot id, failing-row sample, stored failures) are in the plan too.
 */
import { isTransient, type QueryResult, type TrinoClient } from "../adapters/trino/client.js";
import { errorMessage } from "../common/errors.js";
import type { PlanTask } from "../plan/plan.js";
import type { RenderedStatement } from "../plan/render-types.js";
import type { ActionOutcome, StatementOutcome } from "./events.js";
import { executeIntervalTask } from "./execute-intervals.js";

export interface TaskContext {
  readonly client: TrinoClient;
  readonly signal: AbortSignal;
  readonly maxRetries: number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Reads after the task's work: their failure is reported in the outcome, it does not fail the task. */
const FOLLOW_UP: ReadonlySet<string> = new Set(["snapshot-id", "sample", "store-failures"]);

/** Iceberg commit conflicts and similar errors are retried with exponential backoff. */
async function queryWithRetry(ctx: TaskContext, sql: string, session?: Readonly<Record<string, string>>): Promise<QueryResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.client.query(sql, { signal: ctx.signal, ...(session ? { session } : {}) });
    } catch (e) {
      if (!isTransient(e) || attempt >= ctx.maxRetries || ctx.signal.aborted) throw e;
      await ctx.sleep(Math.min(30_000, 500 * 2 ** attempt));
    }
  }
}

function firstNumber(r: QueryResult): number {
  const v = r.rows[0]?.[0];
  return typeof v === "bigint" ? Number(v) : typeof v === "number" ? v : 0;
}

function rowsAsObjects(r: QueryResult): Record<string, unknown>[] {
  return r.rows.map((row) => Object.fromEntries(r.columns.map((c, i) => [c.name, row[i] ?? null])));
}

type Outcome = Omit<ActionOutcome, "action">;

export async function executeTask(ctx: TaskContext, task: PlanTask): Promise<Outcome> {
  if (task.intervals) return executeIntervalTask(ctx, task);
  const startedAt = ctx.now().toISOString();
  const statements: StatementOutcome[] = [];
  let rowsWritten = 0;
  let failing: number | undefined;
  let snapshotId: string | undefined;
  let sample: Record<string, unknown>[] | undefined;
  const notes: string[] = [];
  const done = (o: Partial<Outcome> & Pick<Outcome, "status">): Outcome => ({ startedAt, endedAt: ctx.now().toISOString(), statements, rowsWritten, ...o });

  const followUp = async (s: RenderedStatement): Promise<void> => {
    try {
      const r = await ctx.client.query(s.sql, { signal: ctx.signal, ...(task.session ? { session: task.session } : {}) });
      if (s.role === "snapshot-id") {
        const v = r.rows[0]?.[0];
        snapshotId = v === undefined || v === null ? undefined : String(v);
      } else if (s.role === "sample") sample = rowsAsObjects(r);
      else if (s.role === "store-failures" && s.creates) notes.push(`stored in ${s.creates.database}.${s.creates.schema}.${s.creates.name}`);
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      if (s.role !== "snapshot-id") notes.push(`${s.role} unavailable: ${errorMessage(e)}`);
    }
  };

  let current = "";
  try {
    for (const s of task.statements) {
      if (s.when === "check-failed" && !failing) continue;
      if (FOLLOW_UP.has(s.role)) {
        await followUp(s);
        continue;
      }
      current = s.sql;
      const t0 = Date.now();
      // The model's own session properties, on each of its statements (a fresh client per statement).
      const r = await queryWithRetry(ctx, s.sql, task.session);
      statements.push({ sql: s.sql, role: s.role, queryId: r.queryId, rowsWritten: r.updateCount, elapsedMs: Date.now() - t0 });
      if (r.updateCount !== undefined && (s.role === "create" || s.role === "merge" || s.role === "insert")) rowsWritten += r.updateCount;
      if (s.role === "assertion" || s.role === "test") failing = firstNumber(r);
    }
  } catch (e) {
    if (ctx.signal.aborted) return done({ status: "cancelled", error: errorMessage(e) });
    const queryId = (e as { queryId?: string }).queryId;
    statements.push({ sql: current, role: "failed", queryId, elapsedMs: 0 });
    return done({ status: "failed", error: errorMessage(e) });
  }
  if (failing === undefined) return done({ status: "success", snapshotId });
  if (failing === 0) return done({ status: "success", failingRows: 0 });
  const reason = [`${failing} ${task.kind === "test" ? "differing" : "failing"} row(s)`, ...notes].join("; ");
  return done({ status: task.blocking ? "failed" : "warning", failingRows: failing, sample, reason, error: reason });
}
