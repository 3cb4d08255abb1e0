import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/plan.js";
import type { RenderedStatement } from "../../../src/plan/render-types.js";
import { dropSchemas, runCli, trino, uniqueName } from "../helpers.js";
import { createRawOrders } from "./raw-orders.js";

// Acceptance of issue 11: `lakeform plan --json` lists every statement a `run` executes. Each run
// goes to Trino as its own user, so Trino's query log (`system.runtime.queries`) holds exactly
// that run's statements; they are compared with the plan printed just before, as a multiset.
const project = resolve(import.meta.dirname, "project");
const suffix = uniqueName("arch_qlog");
const src = `${suffix}_src`;
const client = trino();
const args = [project, "--vars", `src_schema=${src}`, "--schema-suffix", suffix, "--store-failures"];

/** `EXECUTE IMMEDIATE '<statement>' USING …` is how a statement with bound rows travels. */
function statementOf(logged: string): string {
  const m = /^EXECUTE IMMEDIATE '((?:[^']|'')*)' USING /s.exec(logged);
  return m?.[1] === undefined ? logged : m[1].replaceAll("''", "'");
}

async function queryLog(user: string): Promise<string[]> {
  const r = await client.query(`SELECT query, state, error_code FROM system.runtime.queries WHERE "user" = '${user}' ORDER BY created`);
  // A run that succeeds runs every statement to the end — the run-log INSERTs too (their failure
  // would only be a warning on stderr).
  expect(r.rows.filter((row) => row[1] !== "FINISHED").map((row) => `${String(row[1])} ${String(row[2])}: ${String(row[0]).slice(0, 200)}`)).toEqual([]);
  return r.rows.map((row) => String(row[0]));
}

function plannedStatements(plan: Plan): RenderedStatement[] {
  return [...plan.introspection, ...plan.schemas, ...plan.tasks.flatMap((t) => t.statements), ...plan.runLog];
}

/** Statements of `a` not matched one-for-one by a statement of `b`. */
function minus<T>(a: readonly T[], b: readonly string[], sqlOf: (x: T) => string): T[] {
  const left = new Map<string, number>();
  for (const s of b) left.set(s, (left.get(s) ?? 0) + 1);
  return a.filter((x) => {
    const n = left.get(sqlOf(x)) ?? 0;
    if (n === 0) return true;
    left.set(sqlOf(x), n - 1);
    return false;
  });
}

async function planThenRun(round: number): Promise<{ plan: Plan; executed: string[] }> {
  const planUser = `${suffix}_plan_${round}`;
  const runUser = `${suffix}_run_${round}`;
  const p = runCli(["plan", "--json", ...args], { env: { LAKEFORM_TRINO_USER: planUser } });
  expect(p.status, p.stderr).toBe(0);
  const plan = JSON.parse(p.stdout) as Plan;
  const r = runCli(["run", ...args], { env: { LAKEFORM_TRINO_USER: runUser } });
  expect(r.status, r.stderr).toBe(0);
  return { plan, executed: (await queryLog(runUser)).map(statementOf) };
}

function expectRunMatchesPlan(plan: Plan, executed: readonly string[]): void {
  const planned = plannedStatements(plan);
  // Nothing run executed is missing from the plan…
  expect(minus(executed, planned.map((s) => s.sql), (s) => s)).toEqual([]);
  // …and everything the plan says runs unconditionally did run.
  const skipped = minus(planned, executed, (s) => s.sql);
  expect(skipped.filter((s) => s.when === undefined).map((s) => `${s.role}: ${s.sql}`)).toEqual([]);
  // The warn-only assertion fails, so its conditional statements ran (the comparison covers them).
  const ran = minus(planned, skipped.map((s) => s.sql), (s) => s.sql);
  expect(new Set(ran.map((s) => s.role))).toEqual(new Set([...planned.filter((s) => s.when === undefined).map((s) => s.role), "sample", "store-failures"]));
}

describe("plan --json lists every statement run executes (Trino's query log)", () => {
  beforeAll(async () => {
    await createRawOrders(client, src);
  });
  afterAll(async () => {
    await dropSchemas(client, [`rt_${suffix}`, `rt_assertions_${suffix}`, src]);
    rmSync(join(project, ".lakeform"), { recursive: true, force: true });
  });

  it("first run: schemas created, tables built, checks, store-failures, run log", async () => {
    const { plan, executed } = await planThenRun(1);
    expect(plan.schemas.length).toBeGreaterThan(0);
    expectRunMatchesPlan(plan, executed);
  });

  it("second run: incremental MERGEs and appends after reading the existing tables", async () => {
    const { plan, executed } = await planThenRun(2);
    expect(plan.tasks.map((t) => t.mode)).toEqual(expect.arrayContaining(["merge", "append"]));
    expect(plan.introspection.length).toBeGreaterThan(1); // schemas, then relations and columns
    expectRunMatchesPlan(plan, executed);
  });
});
