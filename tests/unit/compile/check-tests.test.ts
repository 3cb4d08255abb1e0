import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";

const settings = [{ name: "dataform.json" as const, text: '{"warehouse":"trino","defaultDatabase":"iceberg","defaultSchema":"s"}' }];
const model = { path: "definitions/m.sqlx", text: 'config { type: "table" }\nSELECT a FROM ${ref("raw", "src")}' };
const source = { path: "sources/raw.yaml", text: "declarations:\n  - schema: raw\n    name: src\n" };

function compileTest(text: string) {
  return compileFiles({ settings, files: [source, model, { path: "definitions/t.sqlx", text }] }, { quoting: trinoQuoting });
}

describe("SQLX test inputs", () => {
  it("accepts Dataform's input syntax", () => {
    const r = compileTest('config { type: "test", dataset: "m" }\ninput "raw", "src" {\n  SELECT 1 AS a\n}\nSELECT 1 AS a');
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reports an input block the transpiler did not recognise, where it was written", () => {
    const r = compileTest('config { type: "test", dataset: "m" }\ninput "raw.src" {\n  SELECT 1 AS a\n}\nSELECT 1 AS a');
    const e = r.diagnostics.find((d) => d.code === "invalid-test-input");
    expect(e?.location).toMatchObject({ file: "definitions/t.sqlx", line: 2, column: 1 });
    expect(e?.hint).toContain('input "schema", "name"');
  });
});
