/**
 * Governance in the plan (issue 15 item 6), pure: session properties on a task, grants refused
 * with the catalog's reason (or rendered where a dialect has them), contracts compared with the
 * query's types, and which column comments a task writes.
 */
import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { compileFiles } from "../../../src/compile/compile.js";
import { EMPTY_STATE } from "../../../src/plan/introspection.js";
import { buildPlan } from "../../../src/plan/plan.js";

const dialect = createTrinoDialect(loadMaterializations());
const SETTINGS = [{ name: "dataform.json" as const, text: JSON.stringify({ warehouse: "trino", defaultDatabase: "lake", defaultSchema: "s", assertionSchema: "q" }) }];
const compile = (files: Record<string, string>) =>
  compileFiles({ settings: SETTINGS, files: Object.entries(files).map(([path, text]) => ({ path, text })).sort((a, b) => (a.path < b.path ? -1 : 1)) }, { quoting: trinoQuoting });

const MODEL = `config {
  type: "table",
  trino: { session: { query_max_run_time: "2h", "iceberg.compression_codec": "ZSTD", use_mark_distinct: false } },
  columns: { amount: { type: "decimal(12, 2)", description: "Amount." }, code: { type: "varchar" }, note: "Free text." }
}
SELECT CAST(1 AS decimal(12,2)) AS amount, 'x' AS code, 'n' AS note
`;

describe("governance in the plan", () => {
  const r = compile({ "definitions/m.sqlx": MODEL, "definitions/n.sqlx": 'config { type: "table" }\nSELECT 1 AS x\n' });

  it("puts a model's session properties on its task only, as strings", () => {
    expect(r.diagnostics).toEqual([]);
    const plan = buildPlan(dialect, r.graph, EMPTY_STATE, {});
    expect(plan.tasks.find((t) => t.key === "lake.s.m")?.session).toEqual({ query_max_run_time: "2h", "iceberg.compression_codec": "ZSTD", use_mark_distinct: "false" });
    expect(plan.tasks.find((t) => t.key === "lake.s.n")?.session).toBeUndefined();
  });

  it("rejects session values that cannot travel in a header, where they are written", () => {
    const bad = compile({ "definitions/m.sqlx": 'config { type: "table", trino: { session: { query_max_run_time: "2h, x=1" } } }\nSELECT 1 AS x\n' });
    expect(bad.diagnostics.map(formatDiagnostic)).toEqual([expect.stringMatching(/^definitions\/m\.sqlx:1:\d+: error invalid-config: .*plain words/)]);
  });

  it("passes a contract the query's types fulfil (blanks, varchar of any length) and names each broken column", () => {
    const ok = buildPlan(dialect, r.graph, EMPTY_STATE, { contractColumns: new Map([["lake.s.m", [{ name: "amount", type: "decimal(12,2)" }, { name: "code", type: "varchar(1)" }, { name: "note", type: "varchar(1)" }]]]) });
    expect(ok.diagnostics).toEqual([]);
    const broken = buildPlan(dialect, r.graph, EMPTY_STATE, { contractColumns: new Map([["lake.s.m", [{ name: "amount", type: "double" }, { name: "note", type: "varchar(1)" }]]]) });
    expect(broken.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      "contract-violated: lake.s.m: column \"amount\" is double, the contract says decimal(12, 2)",
      "contract-violated: lake.s.m: the query has no column \"code\" (it returns amount, note)",
    ]);
  });

  it("refuses grants where the catalog has none, and renders them where it has", () => {
    const g = compile({ "definitions/g.sqlx": 'config { type: "table", grants: { select: ["analyst", "bi"] } }\nSELECT 1 AS x\n' });
    const refused = buildPlan(dialect, g.graph, EMPTY_STATE, {});
    expect(refused.diagnostics.map((d) => d.code)).toEqual(["grants-unsupported"]);
    expect(refused.diagnostics[0]?.message).toContain("does not support GRANT on tables");
    const { grantsUnsupported: _none, ...granting } = dialect;
    const rendered = buildPlan(granting, g.graph, EMPTY_STATE, {});
    expect(rendered.diagnostics).toEqual([]);
    expect(rendered.tasks[0]?.statements.map((s) => s.sql)).toEqual([
      expect.stringContaining("CREATE OR REPLACE TABLE"),
      'GRANT SELECT ON TABLE "lake"."s"."g" TO ROLE "analyst"',
      'GRANT SELECT ON TABLE "lake"."s"."g" TO ROLE "bi"',
      expect.stringContaining("$snapshots"),
    ]);
  });

  it("comments every described column after a rebuild, and only changed ones after an in-place write", () => {
    const columns = new Map([["lake.s.m", ["amount", "code", "note"]]]);
    const first = buildPlan(dialect, r.graph, EMPTY_STATE, { columnComments: { stored: new Map(), columns } });
    expect(first.tasks.find((t) => t.key === "lake.s.m")?.statements.filter((s) => s.role === "comment").map((s) => s.sql)).toEqual([
      'COMMENT ON COLUMN "lake"."s"."m"."amount" IS \'Amount.\'',
      'COMMENT ON COLUMN "lake"."s"."m"."note" IS \'Free text.\'',
    ]);
    const inc = compile({ "definitions/i.sqlx": 'config { type: "incremental", columns: { a: "A.", b: "B, new." } }\nSELECT 1 AS a, 2 AS b\n' });
    const state = { schemas: new Set(["lake.s"]), relations: new Map([["lake.s.i", { exists: true, kind: "table" as const, columns: [{ name: "a", type: "integer" }, { name: "b", type: "integer" }] }]]) };
    const again = buildPlan(dialect, inc.graph, state, { columnComments: { stored: new Map([["lake.s.i", new Map([["a", "A."], ["b", "B."]])]]), columns: new Map() } });
    expect(again.tasks[0]?.statements.map((s) => s.role)).toEqual(["insert", "comment", "snapshot-id"]);
    expect(again.tasks[0]?.statements[1]?.sql).toBe('COMMENT ON COLUMN "lake"."s"."i"."b" IS \'B, new.\'');
  });
});
