import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadStreams } from "../../../src/ingest/streams.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";

const stream = `topic: orders
format: { encoding: raw, schema: schemas/orders.avsc }
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

describe("one reader of streams/*.yaml (defect: compile and ingest disagreed)", () => {
  const minimal = "topic: payments\nformat: { encoding: raw, schema: schemas/payments.avsc }\n";
  const avsc = JSON.stringify({ type: "record", name: "Payment", fields: [{ name: "id", type: "string" }] });

  it("a minimal stream (topic + format) can be ref()'d where ingest lands it", () => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-stream-"));
    mkdirSync(join(dir, "streams", "schemas"), { recursive: true });
    writeFileSync(join(dir, "streams", "payments.yaml"), minimal);
    writeFileSync(join(dir, "streams", "schemas", "payments.avsc"), avsc);
    const ingest = loadStreams(dir);
    expect(ingest.diagnostics).toEqual([]);
    const landed = ingest.streams[0];
    expect(landed).toBeDefined();

    const r = compile([
      { path: "streams/payments.yaml", text: minimal },
      { path: "definitions/paid.sqlx", text: 'config { type: "view" }\nSELECT * FROM ${ref("bronze", "payments")}' },
    ]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const declared = r.graph.actions.filter((a) => a.kind === "declaration").map((a) => a.key).sort();
    const t = landed!.target;
    const dl = landed!.deadLetter;
    expect(declared).toEqual([`${t.catalog}.${t.schema}.${t.table}`, `${dl.catalog}.${dl.schema}.${dl.table}`].sort());
    expect(r.graph.actions.find((a) => a.kind === "view")?.dependencies).toEqual([`${t.catalog}.${t.schema}.${t.table}`]);
  });

  it("an invalid stream file is reported by compile with its location, not silently skipped", () => {
    const r = compile([{ path: "streams/bad.yaml", text: "topic: bad\nformat: { encoding: raw, schema: s.avsc }\nbatch: { maxRowz: 5 }\n" }]);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => [d.code, d.location?.file, d.location?.line])).toEqual([["stream-config", "streams/bad.yaml", 3]]);
  });
});
