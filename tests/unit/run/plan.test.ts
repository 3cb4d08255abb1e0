import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { EMPTY_STATE, parseIntrospection } from "../../../src/plan/introspection.js";
import { buildPlan } from "../../../src/plan/plan.js";

const dir = resolve(import.meta.dirname, "..", "..", "integration", "run", "project");
const { graph, diagnostics } = compileProject(dir, { quoting: trinoQuoting });
const d = createTrinoDialect(loadMaterializations());

describe("plan", () => {
  it("compiles the runner fixture without errors", () => {
    expect(diagnostics.filter((x) => x.severity === "error")).toEqual([]);
  });

  it("orders tasks topologically and creates missing schemas first", () => {
    const plan = buildPlan(d, graph, EMPTY_STATE);
    const keys = plan.tasks.map((t) => t.key);
    const pos = (name: string) => {
      const i = keys.findIndex((k) => k.endsWith(`.${name}`));
      expect(i, `${name} is planned`).toBeGreaterThanOrEqual(0); // -1 would pass every toBeLessThan below
      return i;
    };
    expect(pos("stg_orders")).toBeLessThan(pos("orders_current"));
    expect(pos("orders_by_customer")).toBeLessThan(pos("failing_model"));
    expect(pos("failing_model")).toBeLessThan(pos("downstream_of_failing"));
    expect(plan.schemas.map((s) => s.sql).join("\n")).toContain(`CREATE SCHEMA IF NOT EXISTS "iceberg"."rt"`);
    expect(plan.tasks.some((t) => t.kind === "declaration")).toBe(false);
  });

  it("chooses MERGE for an existing incremental table and CREATE for a missing one", () => {
    const state = parseIntrospection("iceberg", [
      ["rt", "orders_current", "BASE TABLE", "order_id", "integer", 1],
      ["rt", "orders_current", "BASE TABLE", "amount", "double", 2],
    ]);
    const plan = buildPlan(d, graph, state, { actions: ["orders_current", "order_events"] });
    const current = plan.tasks.find((t) => t.key === "iceberg.rt.orders_current")!;
    const events = plan.tasks.find((t) => t.key === "iceberg.rt.order_events")!;
    expect(current.mode).toBe("merge");
    expect(events.mode).toBe("incremental-create");
    expect(plan.schemas).toEqual([]); // schema rt exists
  });

  it("selects by tag with dependencies, and built-in assertions follow their parent", () => {
    const plan = buildPlan(d, graph, EMPTY_STATE, { tags: ["marts"], includeDeps: true });
    const names = plan.tasks.map((t) => t.key.split(".").at(-1));
    expect(names).toContain("stg_orders");
    expect(names).toContain("orders_by_customer");
    expect(names).toContain("rt_orders_by_customer_assertions_uniqueKey_0");
    expect(names).not.toContain("failing_model");
  });

  it("refuses --full-refresh of a protected table", () => {
    const plan = buildPlan(d, graph, EMPTY_STATE, { fullRefresh: true, actions: ["orders_archive"] });
    expect(plan.diagnostics.map((x) => x.code)).toContain("protected-full-refresh");
  });

  it("`test` plans only assertions and unit tests", () => {
    const plan = buildPlan(d, graph, EMPTY_STATE, { purpose: "test" });
    expect(new Set(plan.tasks.map((t) => t.kind))).toEqual(new Set(["assertion"]));
    expect(plan.schemas).toEqual([]);
  });

  it("assertions with severity warn are not blocking", () => {
    const plan = buildPlan(d, graph, EMPTY_STATE, { purpose: "test" });
    const blocking = Object.fromEntries(plan.tasks.map((t) => [t.key.split(".").at(-1), t.blocking]));
    expect(blocking["assert_big_customers"]).toBe(false);
    expect(blocking["assert_positive_amounts"]).toBe(true);
  });

  it("reports unknown --actions names", () => {
    const plan = buildPlan(d, graph, EMPTY_STATE, { actions: ["ordrs_current"] });
    expect(plan.diagnostics[0]?.message).toContain('no action named "ordrs_current"');
  });
});
