import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";
import type { ProjectFiles } from "../../../src/compile/project-files.js";
import { TranspileCache } from "../../../src/compile/transpile-cache.js";

const project = (extra: Record<string, string> = {}): ProjectFiles => ({
  settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver","vars":{"min":"0"}}' }],
  files: Object.entries({
    "definitions/raw.sqlx": 'config { type: "declaration", schema: "bronze", name: "raw" }',
    "definitions/a.sqlx": 'config { type: "table" }\nSELECT * FROM ${ref("raw")} WHERE x > ${dataform.projectConfig.vars.min}',
    "definitions/b.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("a")}',
    ...extra,
  })
    .map(([path, text]) => ({ path, text }))
    .sort((x, y) => (x.path < y.path ? -1 : 1)),
});

describe("environments and determinism", () => {
  it("suffixes schemas and prefixes tables, but not declarations", () => {
    const r = compileFiles(project(), { quoting: trinoQuoting, overrides: { schemaSuffix: "pr_7", tablePrefix: "ci", vars: { min: "5" } } });
    const b = r.graph.actions.find((a) => a.canonicalTarget.name === "b");
    const a = r.graph.actions.find((x) => x.canonicalTarget.name === "a");
    expect(b?.key).toBe("lake.silver_pr_7.ci_b");
    expect(b && "query" in b ? b.query : "").toContain('"lake"."silver_pr_7"."ci_a"');
    expect(a && "query" in a ? a.query : "").toContain('"lake"."bronze"."raw" WHERE x > 5');
  });

  it("is deterministic and reuses transpiled files across compiles", () => {
    const cache = new TranspileCache();
    const first = compileFiles(project(), { quoting: trinoQuoting, cache });
    const misses = cache.misses;
    const second = compileFiles(project({ "definitions/c.sqlx": 'config { type: "view" }\nSELECT 1' }), { quoting: trinoQuoting, cache });
    expect(cache.misses - misses).toBe(1);
    expect(JSON.stringify(compileFiles(project(), { quoting: trinoQuoting }))).toBe(JSON.stringify(first));
    expect(second.graph.actions.length).toBe(first.graph.actions.length + 1);
  });

  it("compiles an empty project to 0 actions", () => {
    const r = compileFiles({ settings: [], files: [] }, { quoting: trinoQuoting });
    expect(r).toMatchObject({ diagnostics: [], graph: { actions: [] } });
  });
});
