import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { availableExamples, EXAMPLES, examplesDir } from "../../../src/cli/commands/demo-examples.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";

const COMMANDS = new Set(["run", "test", "lineage", "dashboards", "simulate", "ingest", "sql", "upload", "plan", "compile"]);

describe("lakeform demo --example: the registry", () => {
  it("every example has its folder (a project with a README) and steps of real commands", () => {
    expect(EXAMPLES.map((e) => e.name)).toContain("vendas");
    for (const e of availableExamples()) {
      expect(existsSync(`${examplesDir()}${e.folder}/README.md`), e.name).toBe(true);
      expect(e.steps.length).toBeGreaterThan(0);
      for (const s of e.steps) expect(COMMANDS.has(s.argv({})[0] ?? ""), `${e.name}: ${s.argv({}).join(" ")}`).toBe(true);
    }
  });

  it("passes the environment on to the project commands that take it", () => {
    const vendas = EXAMPLES.find((e) => e.name === "vendas")!;
    const run = vendas.steps.find((s) => s.argv({})[0] === "run" && s.argv({})[1] === ".")!;
    expect(run.argv({ schemaSuffix: "ci", vars: "operacional_schema=x" })).toEqual(["run", ".", "--schema-suffix", "ci", "--vars", "operacional_schema=x"]);
  });

  it("examples/vendas and its generator compile without diagnostics", () => {
    for (const dir of ["vendas", "vendas/gerador"]) expect(compileProject(`${examplesDir()}${dir}`, { quoting: trinoQuoting }).diagnostics, dir).toEqual([]);
  });
});
