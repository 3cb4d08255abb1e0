import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";

const stream = `topic: orders
target: { catalog: iceberg, schema: bronze, table: orders_raw }
deadLetter: { table: bronze.orders_raw_dead_letter }
`;

function compile(files: { path: string; text: string }[]) {
  return compileFiles({ settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"iceberg","defaultSchema":"silver"}' }], files }, { quoting: trinoQuoting });
}

describe("streams as sources", () => {
  it("exposes a stream's bronze and dead-letter tables as declarations that models can ref()", () => {
    const r = compile([
      { path: "streams/orders.yaml", text: stream },
      { path: "definitions/orders.sqlx", text: 'config { type: "view" }\nSELECT * FROM ${ref("bronze", "orders_raw")}' },
    ]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const decl = r.graph.actions.filter((a) => a.kind === "declaration").map((a) => [a.key, a.file, a.tags]);
    expect(decl).toEqual([
      ["iceberg.bronze.orders_raw", "streams/orders.yaml", ["stream", "bronze"]],
      ["iceberg.bronze.orders_raw_dead_letter", "streams/orders.yaml", ["stream", "dead-letter"]],
    ]);
    const view = r.graph.actions.find((a) => a.kind === "view");
    expect(view?.dependencies).toEqual(["iceberg.bronze.orders_raw"]);
  });

  it("an explicit declaration of the same table wins (no duplicate-target error)", () => {
    const r = compile([
      { path: "streams/orders.yaml", text: stream },
      { path: "sources/bronze.yaml", text: "declarations:\n  - schema: bronze\n    name: orders_raw\n    description: documented here\n" },
    ]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const decl = r.graph.actions.find((a) => a.key === "iceberg.bronze.orders_raw");
    expect(decl?.file).toBe("sources/bronze.yaml");
    expect(decl?.description).toBe("documented here");
  });
});
