import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";
import { auditGraph } from "../../../src/plan/audit.js";
import { EMPTY_STATE, parseIntrospection } from "../../../src/plan/introspection.js";
import { buildPlan } from "../../../src/plan/plan.js";

const d = createTrinoDialect(loadMaterializations());
const { graph } = compileFiles(
  {
    settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
    files: [
      { path: "definitions/a.sqlx", text: 'config { type: "table", assertions: { nonNull: ["x"] } }\nSELECT 1 AS x' },
      { path: "definitions/b.sqlx", text: 'config { type: "incremental", uniqueKey: ["x"] }\nSELECT x FROM ${ref("a")}' },
      { path: "definitions/v.sqlx", text: 'config { type: "view" }\nSELECT x FROM ${ref("a")}' },
    ],
  },
  { quoting: trinoQuoting },
);

describe("run --audit (plan/audit.ts)", () => {
  const selected = new Set(graph.actions.filter((a) => a.kind !== "view").map((a) => a.key));
  const r = auditGraph(graph, selected, d);

  it("builds into staging, audits staging, publishes after every build and assertion", () => {
    expect(r.diagnostics).toEqual([]);
    const plan = buildPlan(d, r.graph, EMPTY_STATE, { keys: r.keys });
    const a = plan.tasks.find((t) => t.key === "lake.silver.a")!;
    expect(a.statements[0]!.sql).toContain('CREATE OR REPLACE TABLE "lake"."silver"."a__audit"');
    const check = plan.tasks.find((t) => t.kind === "assertion")!;
    expect(check.statements[0]!.sql).toContain('"lake"."silver"."a__audit"');
    const b = plan.tasks.find((t) => t.key === "lake.silver.b")!;
    expect(b.statements.map((s) => s.sql).join("\n")).toContain('FROM "lake"."silver"."a__audit"');
    const publish = plan.tasks.filter((t) => t.key.endsWith("__publish"));
    expect(publish.map((t) => t.key)).toEqual(["lake.silver.a__publish", "lake.silver.b__publish"]);
    for (const p of publish) expect(p.dependsOn).toEqual([check.key, "lake.silver.a", "lake.silver.b"].sort());
    expect(publish[0]!.statements.map((s) => s.sql)).toEqual([
      'CREATE OR REPLACE TABLE "lake"."silver"."a"\nAS\nSELECT * FROM "lake"."silver"."a__audit"',
      'DROP TABLE IF EXISTS "lake"."silver"."a__audit"',
    ]);
    expect(plan.tasks.some((t) => t.kind === "view")).toBe(false);
  });

  it("an existing incremental is MERGEd into a staging copy of production", () => {
    const state = parseIntrospection("lake", [["silver", "b", "BASE TABLE", "x", "integer", 1]]);
    const plan = buildPlan(d, r.graph, state, { keys: r.keys });
    const b = plan.tasks.find((t) => t.key === "lake.silver.b")!;
    expect(b.mode).toBe("merge");
    expect(b.statements[0]!.sql).toContain('CREATE OR REPLACE TABLE "lake"."silver"."b__audit"');
    expect(b.statements[0]!.sql).toContain('SELECT * FROM "lake"."silver"."b"');
    expect(b.statements.find((s) => s.role === "merge")!.sql).toContain('MERGE INTO "lake"."silver"."b__audit"');
  });

  it("refuses views in an audited selection", () => {
    const bad = auditGraph(graph, new Set(graph.actions.map((a) => a.key)), d);
    expect(bad.diagnostics.map((x) => x.code)).toEqual(["audit-unsupported"]);
  });
});
