/** Executes one planned task's statements on Trino and interprets the result by role. */
import { isTransient, type QueryResult, type TrinoClient } from "../adapters/trino/client.js";
import type { Dialect } from "../adapters/trino/dialect.js";
import { errorMessage } from "../common/errors.js";
import type { Action } from "../compile/graph.js";
import type { PlanTask } from "../plan/plan.js";
import type { ActionOutcome, StatementOutcome } from "./events.js";

export interface TaskContext {
  readonly client: TrinoClient;
  readonly dialect: Dialect;
  readonly action: Action;
  readonly signal: AbortSignal;
  readonly maxRetries: number;
  /** Keep failing rows of assertions in this schema (`catalog.schema`), like dbt's store_failures. */
  readonly storeFailuresIn?: { readonly database: string; readonly schema: string } | undefined;
  readonly sampleSize: number;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Iceberg commit conflicts and similar errors are retried with exponential backoff. */
async function queryWithRetry(ctx: TaskContext, sql: string): Promise<QueryResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await ctx.client.query(sql, { signal: ctx.signal });
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

export async function executeTask(ctx: TaskContext, task: PlanTask): Promise<Omit<ActionOutcome, "action">> {
  const startedAt = ctx.now().toISOString();
  const statements: StatementOutcome[] = [];
  let rowsWritten = 0;
  const done = (o: Partial<ActionOutcome> & Pick<ActionOutcome, "status">): Omit<ActionOutcome, "action"> => ({
    startedAt,
    endedAt: ctx.now().toISOString(),
    statements,
    rowsWritten,
    ...o,
  });
  let current = "";
  try {
    let checked: { failing: number; role: string } | undefined;
    for (const s of task.statements) {
      current = s.sql;
      const t0 = Date.now();
      const r = await queryWithRetry(ctx, s.sql);
      statements.push({ sql: s.sql, role: s.role, queryId: r.queryId, rowsWritten: r.updateCount, elapsedMs: Date.now() - t0 });
      if (r.updateCount !== undefined && (s.role === "create" || s.role === "merge" || s.role === "insert")) rowsWritten += r.updateCount;
      if (s.role === "assertion" || s.role === "test") checked = { failing: firstNumber(r), role: s.role };
    }
    if (checked) return done(await checkOutcome(ctx, task, checked.failing));
    const snapshotId = task.writesTable ? await latestSnapshot(ctx, task) : undefined;
    return done({ status: "success", snapshotId });
  } catch (e) {
    if (ctx.signal.aborted) return done({ status: "cancelled", error: errorMessage(e) });
    const queryId = (e as { queryId?: string }).queryId;
    statements.push({ sql: current, role: "failed", queryId, elapsedMs: 0 });
    return done({ status: "failed", error: errorMessage(e) });
  }
}

async function checkOutcome(ctx: TaskContext, task: PlanTask, failing: number): Promise<Partial<ActionOutcome> & Pick<ActionOutcome, "status">> {
  if (failing === 0) return { status: "success", failingRows: 0 };
  const a = ctx.action;
  const query = a.kind === "assertion" || a.kind === "test" ? a.query : undefined;
  let sample: Record<string, unknown>[] | undefined;
  let reason = `${failing} ${task.kind === "test" ? "differing" : "failing"} row(s)`;
  if (query && a.kind === "assertion") {
    try {
      sample = rowsAsObjects(await ctx.client.query(`SELECT * FROM (\n${ctx.dialect.statement(query)}\n) AS failing LIMIT ${ctx.sampleSize}`, { signal: ctx.signal }));
      if (ctx.storeFailuresIn) {
        const target = { ...ctx.storeFailuresIn, name: `${a.target.name}__failures` };
        await ctx.client.query(ctx.dialect.createTableAs(target, query, {}, `failing rows of ${a.key}`), { signal: ctx.signal });
        reason += `; stored in ${ctx.dialect.quoteTarget(target)}`;
      }
    } catch (e) {
      reason += ` (sample unavailable: ${errorMessage(e)})`;
    }
  }
  return { status: task.blocking ? "failed" : "warning", failingRows: failing, sample, reason, error: reason };
}

/** The snapshot our write produced: the newest one of the table. */
async function latestSnapshot(ctx: TaskContext, task: PlanTask): Promise<string | undefined> {
  const t = task.target;
  const meta = `${ctx.dialect.quoteIdentifier(t.database)}.${ctx.dialect.quoteIdentifier(t.schema)}.${ctx.dialect.quoteIdentifier(`${t.name}$snapshots`)}`;
  try {
    const r = await ctx.client.query(`SELECT snapshot_id FROM ${meta} ORDER BY committed_at DESC LIMIT 1`, { signal: ctx.signal });
    const v = r.rows[0]?.[0];
    return v === undefined || v === null ? undefined : String(v);
  } catch {
    return undefined;
  }
}
