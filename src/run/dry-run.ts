/**
 * `run --dry-run`: ask Trino to validate every planned statement (the dialect's `validate`,
 * `EXPLAIN (TYPE VALIDATE)` on Trino), which parses, resolves and type-checks without writing.
 */
import { TrinoQueryError, type TrinoClient } from "../adapters/trino/client.js";
import { errorMessage } from "../common/errors.js";
import type { Dialect } from "../plan/dialect.js";
import type { Plan } from "../plan/plan.js";

export type DryRunVerdict = "valid" | "invalid" | "deferred";

export interface DryRunStatement {
  readonly key: string;
  readonly role: string;
  readonly sql: string;
  readonly verdict: DryRunVerdict;
  readonly error?: string | undefined;
  readonly queryId?: string | undefined;
}

/** Missing relations that an earlier task of this plan would create are expected, not errors. */
const NOT_YET = new Set(["TABLE_NOT_FOUND", "SCHEMA_NOT_FOUND"]);

export async function dryRun(client: TrinoClient, d: Dialect, plan: Plan, signal?: AbortSignal): Promise<DryRunStatement[]> {
  const created = new Set(plan.tasks.filter((t) => t.kind !== "assertion").map((t) => t.key));
  const willCreateSchema = plan.schemas.length > 0;
  const out: DryRunStatement[] = [];
  const all = [
    ...plan.schemas.map((s) => ({ key: "(schemas)", dependsOn: [] as readonly string[], own: false, session: undefined, s })),
    ...plan.tasks.flatMap((t) => t.statements.map((s) => ({ key: t.key, dependsOn: t.dependsOn, own: t.writesTable, session: t.session, s }))),
  ];
  for (const { key, dependsOn, own, session, s } of all) {
    try {
      await client.query(d.validate(s.sql), { signal, ...(session ? { session } : {}) });
      out.push({ key, role: s.role, sql: s.sql, verdict: "valid" });
    } catch (e) {
      const q = e instanceof TrinoQueryError ? e : undefined;
      // A task's snapshot-id read waits for the table that task itself writes.
      // So do the renames of a swapped table: they move the staging table the task creates.
      const upstream = dependsOn.some((k) => created.has(k)) || (own && (s.role === "snapshot-id" || s.role === "swap" || s.role === "comment" || s.role === "grant"));
      const deferred = q !== undefined && NOT_YET.has(q.errorName) && (upstream || willCreateSchema);
      out.push({ key, role: s.role, sql: s.sql, verdict: deferred ? "deferred" : "invalid", error: errorMessage(e), queryId: q?.queryId });
    }
  }
  return out;
}
