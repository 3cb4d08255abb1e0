import { readdirSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import type { Action } from "../../../src/compile/graph.js";
import { dataformCompile, type DfAction, type DfTarget } from "./dataform-oracle.js";

const ROOT = "tests/fixtures/dataform-compat";

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p, base) : [relative(base, p)];
  });
}

/** Dataform quotes `db.schema.name` (BigQuery); Lakeform `"db"."schema"."name"` (Trino). */
function normalize(sql: string | undefined): string {
  return (sql ?? "").replace(/`([^`]*)`/g, "$1").replace(/"([^"]*)"/g, "$1");
}

const key = (t: DfTarget | undefined): string => `${t?.database ?? ""}.${t?.schema ?? ""}.${t?.name ?? ""}`;

interface Comparable {
  kind: string;
  deps: string[];
  queries: string[];
}

function fromDataform(a: DfAction, kind: string): Comparable {
  const incremental = a.type === "incremental";
  const queries =
    kind === "operations" ? (a.queries ?? []) :
    kind === "declaration" ? [] :
    [a.query ?? "", ...(incremental ? [a.incrementalQuery ?? ""] : []), ...(a.preOps ?? []), ...(a.postOps ?? []), ...(incremental ? [...(a.incrementalPreOps ?? []), ...(a.incrementalPostOps ?? [])] : [])];
  return { kind: kind === "table" ? (a.type ?? "table") : kind, deps: (a.dependencyTargets ?? []).map(key).sort(), queries: queries.map(normalize) };
}

function fromLakeform(a: Action): Comparable {
  const queries =
    a.kind === "operations" ? [...a.queries] :
    a.kind === "declaration" || a.kind === "test" || a.kind === "seed" ? [] :
    a.kind === "assertion" ? [a.query] :
    a.kind === "incremental" ? [a.query, a.incrementalQuery, ...a.preOps, ...a.postOps, ...a.incrementalPreOps, ...a.incrementalPostOps] :
    [a.query, ...a.preOps, ...a.postOps];
  return { kind: a.kind, deps: [...a.dependencies], queries: queries.map(normalize) };
}

const projects = readdirSync(ROOT).filter((d) => statSync(join(ROOT, d)).isDirectory());

describe.each(projects)("Dataform compatibility: %s", (project) => {
  const dir = resolve(ROOT, project);
  const df = dataformCompile(dir, listFiles(dir).sort());
  const lf = compileProject(dir, { quoting: trinoQuoting });

  it("both compile without errors", () => {
    expect(df.graphErrors?.compilationErrors ?? []).toEqual([]);
    // Warehouse-specific config is accepted with warnings (checked in foreign-config.test.ts).
    expect(lf.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
  });

  it("agree on actions, dependencies and queries (modulo quoting)", () => {
    const expected = new Map<string, Comparable>();
    for (const [list, kind] of [[df.tables, "table"], [df.operations, "operations"], [df.assertions, "assertion"], [df.declarations, "declaration"]] as const) {
      for (const a of list ?? []) expected.set(key(a.target), fromDataform(a, kind));
    }
    expect(expected.size).toBeGreaterThan(3);
    const actual = new Map(lf.graph.actions.filter((a) => a.kind !== "test").map((a) => [a.key, fromLakeform(a)]));
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [k, want] of expected) expect({ key: k, ...actual.get(k) }).toEqual({ key: k, ...want });
  });
});
