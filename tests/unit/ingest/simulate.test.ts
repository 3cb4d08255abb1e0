import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDecoder } from "../../../src/ingest/avro/decoder.js";
import { parseAvroSchema } from "../../../src/ingest/avro/parse-schema.js";
import { loadStreams } from "../../../src/ingest/streams.js";
import { cnpjFromRoot, cpfFromBase, isValidCnpj, isValidCpf } from "../../../src/simulate/documents.js";
import { generateMessages } from "../../../src/simulate/generate.js";

const ROOT = join(import.meta.dirname, "../../..");
const schema = (v: number) => parseAvroSchema(readFileSync(join(ROOT, `streams/schemas/dados_produtores.v${v}.avsc`), "utf8"));
const opts = { count: 2000, seed: 7, badShare: 0.1, oldSchemaShare: 0.3, nowMs: Date.UTC(2025, 5, 1), current: { id: 2, version: 2 as const, type: schema(2) }, old: { id: 1, version: 1 as const, type: schema(1) } };

describe("simulator", () => {
  it("makes CPF/CNPJ with valid check digits (known examples)", () => {
    expect(cpfFromBase([5, 2, 9, 9, 8, 2, 2, 4, 7])).toBe("52998224725");
    expect(cnpjFromRoot([1, 1, 2, 2, 2, 3, 3, 3])).toBe("11222333000181");
    expect(isValidCpf("52998224725")).toBe(true);
    expect(isValidCpf("52998224726")).toBe(false);
    expect(isValidCnpj("11222333000181")).toBe(true);
  });

  it("is deterministic per seed and matches the stream's decoder classification", () => {
    const a = [...generateMessages(opts)];
    const b = [...generateMessages(opts)];
    expect(a.map((m) => m.value.toString("hex"))).toEqual(b.map((m) => m.value.toString("hex")));
    const stream = loadStreams(ROOT).streams.find((s) => s.name === "dados_produtores")!;
    const d = createDecoder(stream);
    const ids = new Set<string>();
    let v1 = 0;
    for (const m of a) {
      const r = d.decode(m.value);
      expect(r.ok, `${m.kind}: ${r.ok ? "" : r.error}`).toBe(m.expect !== "dead-letter");
      if (r.ok) {
        if (r.schemaId === 1) v1++;
        const doc = r.record.cpf_cnpj as string;
        expect(r.record.tipo_pessoa === "PF" ? isValidCpf(doc) : isValidCnpj(doc)).toBe(true);
      }
      ids.add(m.key);
    }
    const counts = { dead: a.filter((m) => m.expect === "dead-letter").length, invalid: a.filter((m) => m.expect === "bronze-invalid").length };
    expect(counts.dead + counts.invalid).toBeGreaterThan(100); // ≈10% of 2000
    expect(counts.dead + counts.invalid).toBeLessThan(300);
    expect(a.some((m) => m.kind === "random-bytes" || m.kind === "truncated" || m.kind === "wrong-magic")).toBe(true);
    expect(ids.size).toBeLessThan(a.length * 0.75); // repeat applicants exist
    expect(v1).toBeGreaterThan(300); // both schema versions are used
  });
});
