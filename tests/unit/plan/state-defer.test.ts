import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";
import type { ProjectFiles } from "../../../src/compile/project-files.js";
import { deferGraph } from "../../../src/plan/defer.js";
import { selectActions } from "../../../src/plan/select.js";
import { compareState, graphManifest, manifestFromJson } from "../../../src/plan/state.js";

const FILES: Record<string, string> = {
  "definitions/raw.sqlx": 'config { type: "declaration", schema: "bronze", name: "raw" }',
  "definitions/a.sqlx": 'config { type: "table" }\nSELECT id, x FROM ${ref("raw")}',
  "definitions/b.sqlx": 'config { type: "table", assertions: { nonNull: ["id"] } }\nSELECT id, x * 2 AS y FROM ${ref("a")}',
  "definitions/c.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("b")}',
  "definitions/d.sqlx": 'config { type: "table" }\nSELECT count(*) AS n FROM ${ref("a")}',
};

const compile = (changes: Record<string, string | null> = {}, overrides = {}) => {
  const project: ProjectFiles = {
    settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
    files: Object.entries({ ...FILES, ...changes })
      .flatMap(([path, text]) => (text === null ? [] : [{ path, text }]))
      .sort((x, y) => (x.path < y.path ? -1 : 1)),
  };
  const r = compileFiles(project, { quoting: trinoQuoting, overrides });
  expect(r.diagnostics.filter((x) => x.severity === "error")).toEqual([]);
  return r.graph;
};

const names = (keys: Iterable<string>) => [...keys].map((k) => k.split(".").slice(1).join(".")).sort();

describe("state: manifest and comparison", () => {
  const prod = graphManifest(compile());

  it("an unchanged project in a PR environment compares equal (hashes are environment-free)", () => {
    const c = compareState(compile({}, { schemaSuffix: "pr_1", tablePrefix: "ci" }), prod);
    expect([...c.modified]).toEqual([]);
    expect(c.removed).toEqual([]);
  });

  it("a changed query is modified; its readers are upstream-changed; state:modified+ selects both", () => {
    const g = compile({ "definitions/b.sqlx": 'config { type: "table", assertions: { nonNull: ["id"] } }\nSELECT id, x * 3 AS y FROM ${ref("a")}' }, { schemaSuffix: "pr_1" });
    const c = compareState(g, prod);
    expect(Object.fromEntries([...c.modified].map(([k, v]) => [k.split(".").at(-1), v]))).toEqual({ b: ["query"] });
    // The view reads b; b's built-in assertion checks b: both unchanged themselves.
    expect(names(c.upstream.keys())).toEqual(["assertions_pr_1.silver_b_assertions_rowConditions", "silver_pr_1.c"]);
    expect(c.upstream.get("lake.silver_pr_1.c")).toEqual(["lake.silver_pr_1.b"]);
    // A built-in assertion follows its parent into the selection.
    expect(names(selectActions(g, { select: ["state:modified"], state: c }).keys)).toEqual(["assertions_pr_1.silver_b_assertions_rowConditions", "silver_pr_1.b"]);
    const plus = names(selectActions(g, { select: ["state:modified+"], state: c }).keys);
    expect(plus).toContain("silver_pr_1.c");
    expect(plus).toContain("silver_pr_1.b");
    expect(plus.filter((n) => n.startsWith("silver_pr_1."))).toEqual(["silver_pr_1.b", "silver_pr_1.c"]); // not a, not d
  });

  it("a changed config is modified for its config; a new model is new; a deleted one is removed", () => {
    const g = compile({ "definitions/d.sqlx": 'config { type: "table", iceberg: { partitioning: ["bucket(n, 2)"] } }\nSELECT count(*) AS n FROM ${ref("a")}', "definitions/e.sqlx": 'config { type: "table" }\nSELECT 1 AS one', "definitions/c.sqlx": null });
    const c = compareState(g, prod);
    expect(c.modified.get("lake.silver.d")).toEqual(["config"]);
    expect(c.modified.get("lake.silver.e")).toEqual(["new"]);
    expect(c.removed).toEqual(["lake.silver.c"]);
    expect(names(selectActions(g, { select: ["state:new"], state: c }).keys)).toEqual(["silver.e"]);
  });

  it("without a state, a state selector is an error (not a selection of everything)", () => {
    const r = selectActions(compile(), { select: ["state:modified"] });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["state-missing"]);
    expect(r.keys.size).toBe(0);
    expect(selectActions(compile(), { select: ["modified"], state: compareState(compile(), prod) }).diagnostics.map((d) => d.code)).toEqual(["unknown-selector"]);
  });

  it("reads `lakeform compile --json` output as a state file", () => {
    const json = JSON.parse(JSON.stringify({ settings: compile().settings, actions: compile().actions })) as unknown;
    const m = manifestFromJson(json, "prod.json");
    expect("entries" in m && m.entries).toEqual(prod.entries);
  });
});

describe("defer", () => {
  it("selected actions read production's tables for unselected refs, the environment's for selected ones", () => {
    const g = compile({}, { schemaSuffix: "pr_1" });
    const selected = new Set(["lake.silver_pr_1.b", "lake.silver_pr_1.c"]);
    const prodTargets = compareState(g, graphManifest(compile())).production;
    const d = deferGraph(g, selected, prodTargets, trinoQuoting);
    const q = (k: string) => {
      const a = d.graph.actions.find((x) => x.key === k);
      return a && "query" in a ? a.query : "";
    };
    expect(q("lake.silver_pr_1.b")).toContain('FROM "lake"."silver"."a"');
    expect(q("lake.silver_pr_1.c")).toContain('FROM "lake"."silver_pr_1"."b"');
    expect(q("lake.silver_pr_1.d")).toContain('"lake"."silver_pr_1"."a"'); // not selected: untouched
    expect([...d.deferred.keys()]).toEqual(["lake.silver_pr_1.b"]);
    expect(d.diagnostics).toEqual([]);
  });

  it("an unselected ref missing from the production state is read at its canonical target, with a warning", () => {
    const g = compile({}, { schemaSuffix: "pr_1" });
    const d = deferGraph(g, new Set(["lake.silver_pr_1.b"]), new Map(), trinoQuoting);
    expect(d.diagnostics.map((x) => x.code)).toEqual(["deferred-not-in-state"]);
    const b = d.graph.actions.find((x) => x.key === "lake.silver_pr_1.b");
    expect(b && "query" in b ? b.query : "").toContain('FROM "lake"."silver"."a"');
  });
});
