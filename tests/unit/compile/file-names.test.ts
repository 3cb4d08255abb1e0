import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles, loadAndCompile } from "../../../src/compile/compile.js";
import { loadProjectFiles, type ProjectFiles } from "../../../src/compile/project-files.js";
import { TranspileCache } from "../../../src/compile/transpile-cache.js";
import { TranspilePool } from "../../../src/compile/transpile-pool.js";
import { formatDiagnostic } from "../../../src/common/errors.js";

// Issue 17 item 2: the SQLX transpiler spliced the file's base name into JS, so these names
// ran code at compile time or broke the compile with a JS syntax error.
const INJECTION = 'z" + (()=>{throw new Error("INJECTED")})() + "';
const COMPILING = [INJECTION, `it's "odd"`, "back\\slash\\", "tail\\", "tpl${1+1}`", "${constants}", "a.b.c", "-- x; DROP", "😀 ünï"];
/** Names the file system allows but Lakeform refuses, with a located diagnostic. */
const REFUSED = ["new\nline", "cr\rlf", "sep\u2028arator"];

const MODEL = 'config { type: "table" }\nSELECT * FROM ${ref("raw")}\n';

function files(names: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {
    "dataform.json": '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}',
    "includes/constants.js": "module.exports = { X: 1 };\n",
    "definitions/raw.sqlx": 'config { type: "declaration", schema: "bronze", name: "raw" }',
  };
  for (const n of names) out[`definitions/${n}.sqlx`] = MODEL;
  return out;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Writes the project to a real directory, so every name is one the file system accepted. */
function onDisk(names: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-names-"));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files(names))) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const opts = { quoting: trinoQuoting };

async function throughWorker(project: ProjectFiles) {
  const cache = new TranspileCache();
  const pool = TranspilePool.start(project.files.length, { force: true });
  expect(pool.parallel).toBe(true);
  const stats = await pool.prepare(project, cache);
  return { stats, result: compileFiles(project, { ...opts, cache }) };
}

describe("file names are data, never code (issue 17 item 2)", () => {
  it("compiles every odd name to an action of exactly that name, on one thread and on the worker", async () => {
    const dir = onDisk(COMPILING);
    const project = loadProjectFiles(dir);
    expect(project.files.filter((f) => f.path.endsWith(".sqlx"))).toHaveLength(COMPILING.length + 1);
    const single = compileFiles(project, { ...opts, cache: new TranspileCache() });
    expect(single.diagnostics.map(formatDiagnostic)).toEqual([]);
    const names = single.graph.actions.filter((a) => a.target.schema === "silver").map((a) => a.target.name);
    expect(names.sort()).toEqual([...COMPILING].sort());
    const injected = single.graph.actions.find((a) => a.target.name === INJECTION);
    expect(injected && "query" in injected ? injected.query : "").toContain('"lake"."bronze"."raw"');

    const { stats, result } = await throughWorker(project);
    // The worker really transpiled some of the odd names (none came back as failures).
    expect(stats.inWorker).toBeGreaterThan(0);
    expect(result.diagnostics).toEqual([]);
    expect(JSON.stringify(result.graph)).toBe(JSON.stringify(single.graph));
    expect(JSON.stringify((await loadAndCompile(dir, opts)).result.graph)).toBe(JSON.stringify(single.graph));
  });

  it("refuses names with control characters with one located diagnostic each, on both paths", async () => {
    const project = loadProjectFiles(onDisk([...REFUSED, "fine"]));
    const single = compileFiles(project, { ...opts, cache: new TranspileCache() });
    expect(single.diagnostics.map(formatDiagnostic)).toEqual([
      'definitions/cr\\rlf.sqlx:1:1: error invalid-name: name "cr\\rlf" contains the control character U+000D — rename the file, or set config { name: "…" }',
      'definitions/new\\nline.sqlx:1:1: error invalid-name: name "new\\nline" contains the control character U+000A — rename the file, or set config { name: "…" }',
      'definitions/sep\\u2028arator.sqlx:1:1: error invalid-name: name "sep\u2028arator" contains the control character U+2028 — rename the file, or set config { name: "…" }',
    ]);
    expect(single.graph.actions.some((a) => a.target.name === "fine")).toBe(true);
    const { result } = await throughWorker(project);
    expect(result.diagnostics).toEqual(single.diagnostics);
  });
});
