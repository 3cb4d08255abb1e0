import { afterEach, describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";
import type { ProjectFiles } from "../../../src/compile/project-files.js";
import { TranspileCache } from "../../../src/compile/transpile-cache.js";
import { TranspilePool } from "../../../src/compile/transpile-pool.js";

/** A medallion-shaped project with includes, JS definitions and (optionally) broken files. */
function project(models: number, broken: Record<string, string> = {}): ProjectFiles {
  const files: Record<string, string> = {
    "includes/constants.js": 'module.exports = { START: "2024-01-01" };\n',
    "definitions/raw.sqlx": 'config { type: "declaration", schema: "bronze", name: "raw" }',
    "definitions/extra.js": 'publish("from_js", { type: "view" }).query((ctx) => `SELECT * FROM ${ctx.ref("m_1")}`);\n',
  };
  for (let i = 0; i < models; i++) {
    files[`definitions/m_${i}.sqlx`] =
      i % 3 === 0
        ? `config { type: "incremental", uniqueKey: ["id"], assertions: { nonNull: ["id"] } }\njs { const lag = ${i}; }\nSELECT id, ${"${lag}"} AS lag FROM \${ref("raw")} WHERE ts >= DATE '\${constants.START}'\n\${when(incremental(), \`AND ts > (SELECT max(ts) FROM \${self()})\`)}\n`
        : `config { type: "table", tags: ["t${i % 4}"] }\nSELECT * FROM \${ref(${i > 0 ? `"m_${i - 1}"` : '"raw"'})}\n`;
  }
  Object.assign(files, broken);
  return {
    settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
    files: Object.entries(files)
      .map(([path, text]) => ({ path, text }))
      .sort((x, y) => (x.path < y.path ? -1 : 1)),
  };
}

const opts = { quoting: trinoQuoting };
let pool: TranspilePool | undefined;
afterEach(() => pool?.close());

describe("TranspilePool (two-core compile)", () => {
  it("gives exactly the graph of a single-threaded compile, with the worker doing a share of the files", async () => {
    const p = project(60);
    const single = compileFiles(p, { ...opts, cache: new TranspileCache() });
    const cache = new TranspileCache();
    pool = TranspilePool.start(p.files.length, { force: true });
    expect(pool.parallel).toBe(true);
    const stats = await pool.prepare(p, cache);
    expect(stats.inWorker).toBeGreaterThan(10);
    expect(stats.rejected).toBe(0);
    const parallel = compileFiles(p, { ...opts, cache });
    expect(cache.misses).toBe(stats.files); // nothing was transpiled twice
    expect(parallel.diagnostics).toEqual(single.diagnostics);
    expect(JSON.stringify(parallel.graph)).toBe(JSON.stringify(single.graph));
    expect(single.graph.actions.length).toBeGreaterThan(60);
  });

  it("leaves broken files to the compile, which reports them with their location as usual", async () => {
    // Sorted last, so they fall in the worker's share.
    const p = project(20, {
      "definitions/zz_syntax.sqlx": 'config { type: "table" }\nSELECT ${ref("m_1"}\n',
      "definitions/zz_throws.js": "undefinedFunction();\n",
    });
    const single = compileFiles(p, { ...opts, cache: new TranspileCache() });
    const cache = new TranspileCache();
    pool = TranspilePool.start(p.files.length, { force: true });
    await pool.prepare(p, cache);
    const parallel = compileFiles(p, { ...opts, cache });
    expect(single.diagnostics.map((d) => d.location?.file)).toEqual(expect.arrayContaining(["definitions/zz_syntax.sqlx", "definitions/zz_throws.js"]));
    expect(parallel.diagnostics).toEqual(single.diagnostics);
    expect(JSON.stringify(parallel.graph)).toBe(JSON.stringify(single.graph));
  });

  it("does not start a worker for a small project", async () => {
    pool = TranspilePool.start(10);
    expect(pool.parallel).toBe(false);
    const cache = new TranspileCache();
    const stats = await pool.prepare(project(5), cache);
    expect(stats.inWorker).toBe(0);
  });
});
