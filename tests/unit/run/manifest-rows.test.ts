import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";
import type { ActionOutcome, ActionStatus, RunInfo } from "../../../src/run/events.js";
import { manifestRows } from "../../../src/run/manifest-rows.js";

const compile = (overrides = {}) =>
  compileFiles(
    {
      settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
      files: [
        { path: "definitions/raw.sqlx", text: 'config { type: "declaration", schema: "bronze", name: "raw" }' },
        { path: "definitions/a.sqlx", text: 'config { type: "table" }\nSELECT * FROM ${ref("raw")}' },
        { path: "definitions/b.sqlx", text: 'config { type: "table" }\nSELECT * FROM ${ref("a")}' },
      ],
    },
    { quoting: trinoQuoting, overrides },
  ).graph;

function rows(outcomes: Record<string, ActionStatus>, overrides = {}) {
  const graph = compile(overrides);
  const run: RunInfo = { runId: "r1", projectDir: "/p", startedAt: "2026-01-01T00:00:00Z", graph, selected: [], dryRun: false };
  const o = Object.entries(outcomes).map(([key, status]) => ({ action: graph.actions.find((a) => a.key === key) ?? { ...graph.actions[0]!, key }, status, startedAt: "", endedAt: "", statements: [], rowsWritten: 0 }) as ActionOutcome);
  return manifestRows(run, { runId: "r1", status: "success", startedAt: "", endedAt: "2026-01-01T00:01:00Z", outcomes: o });
}

describe("manifest rows", () => {
  it("record what the run built successfully and every declaration, nothing else", () => {
    const r = rows({ "lake.silver.a": "success", "lake.silver.b": "failed" });
    expect(r.map((x) => x["action_key"])).toEqual(["lake.bronze.raw", "lake.silver.a"]);
    expect(new Set(r.map((x) => x["environment"]))).toEqual(new Set([""]));
  });

  it("an audited table counts only once published; an environment is named", () => {
    expect(rows({ "lake.silver.a": "success", "lake.silver.a__publish": "skipped" }).map((x) => x["action_key"])).toEqual(["lake.bronze.raw"]);
    const env = rows({ "lake.silver_pr.a": "success" }, { schemaSuffix: "pr" });
    expect(env.map((x) => [x["action_key"], x["target_schema"], x["environment"]])).toEqual([
      ["lake.bronze.raw", "bronze", "schema_suffix=pr"],
      ["lake.silver.a", "silver_pr", "schema_suffix=pr"],
    ]);
  });
});
