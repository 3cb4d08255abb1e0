import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { loadStreams } from "../../../src/ingest/streams.js";

const ROOT = join(import.meta.dirname, "../../..");

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-streams-"));
  mkdirSync(join(dir, "streams/schemas"), { recursive: true });
  copyFileSync(join(ROOT, "streams/schemas/dados_produtores.v1.avsc"), join(dir, "streams/schemas/v1.avsc"));
  copyFileSync(join(ROOT, "streams/schemas/dados_produtores.v2.avsc"), join(dir, "streams/schemas/v2.avsc"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, "streams", name), text);
  return dir;
}

describe("loadStreams", () => {
  it("loads the example stream with bronze columns and defaults", () => {
    const { streams, diagnostics } = loadStreams(ROOT);
    expect(diagnostics).toEqual([]);
    const s = streams.find((x) => x.name === "dados_produtores")!;
    expect(s.topic).toBe("dados_produtores");
    expect(s.target).toMatchObject({ catalog: "iceberg", schema: "bronze", table: "dados_produtores_agro" });
    expect(s.deadLetter).toEqual({ catalog: "iceberg", schema: "bronze", table: "dados_produtores_agro_dead_letter" });
    expect(s.columns.find((c) => c.name === "localizacao_propriedade")?.type).toBe('ROW("latitude" DOUBLE, "longitude" DOUBLE, "municipio" VARCHAR, "uf" VARCHAR)');
    expect(s.columns.find((c) => c.name === "_offset")?.origin).toBe("system");
  });

  it("minimal file gets defaults; flatten makes parent_child columns", () => {
    const dir = project({ "m.yaml": "topic: t1\nformat: { encoding: raw, schema: schemas/v1.avsc }\ntarget: { nested: flatten }\n" });
    const { streams, diagnostics } = loadStreams(dir);
    expect(diagnostics).toEqual([]);
    const s = streams[0]!;
    expect(s).toMatchObject({ name: "m", consumerGroup: "lakeform-ingest-m", batch: { maxRows: 10000 } });
    expect(s.target.table).toBe("m");
    expect(s.columns.map((c) => c.name)).toContain("localizacao_propriedade_uf");
  });

  it("reports errors with file, line and key", () => {
    const dir = project({
      "bad.yaml": ["topic: t", "format:", "  encoding: confluent", "  schema: schemas/v2.avsc", "  schemaIds: { 1: schemas/nope.avsc }", "batch:", "  maxRowz: 5", ""].join("\n"),
      "bad2.yaml": ["topic: t", "format: { encoding: raw, schema: schemas/v1.avsc }", "target:", "  partitioning: ['month(nope)']", "required: [localizacao_propriedade.cep]", ""].join("\n"),
      "bad3.yaml": "topic: [unclosed\n",
    });
    const text = loadStreams(dir).diagnostics.map(formatDiagnostic);
    expect(text).toContainEqual(expect.stringMatching(/^streams\/bad\.yaml:7:3: error stream-config: batch: unknown key "maxRowz"/));
    const d2 = loadStreams(dir).diagnostics.filter((d) => d.location?.file === "streams/bad2.yaml");
    expect(d2.map((d) => [d.code, d.location?.line])).toEqual([
      ["stream-partitioning", 4],
      ["stream-field", 5],
    ]);
    expect(text.some((t) => t.startsWith("streams/bad3.yaml") && t.includes("stream-yaml"))).toBe(true);
  });

  it("reports a missing schema file at its key, and incompatible writer schemas", () => {
    const dir = project({
      "a.yaml": "topic: t\nformat:\n  encoding: confluent\n  schema: schemas/v1.avsc\n  schemaIds:\n    1: schemas/missing.avsc\n",
      "b.yaml": "topic: t\nformat:\n  encoding: raw\n  schema: schemas/v1.avsc\n  writerSchema: schemas/w.avsc\n",
    });
    writeFileSync(join(dir, "streams/schemas/w.avsc"), JSON.stringify({ type: "record", name: "br.agro.credito.DadosProdutor", fields: [{ name: "x", type: "int" }] }));
    const ds = loadStreams(dir).diagnostics;
    expect(ds.find((d) => d.code === "stream-schema-file")?.location).toMatchObject({ file: "streams/a.yaml", line: 6 });
    expect(ds.find((d) => d.code === "stream-schema-evolution")?.location).toMatchObject({ file: "streams/b.yaml", line: 5 });
  });
});
