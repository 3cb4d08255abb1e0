import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDecoder } from "../../../src/ingest/avro/decoder.js";
import { encodeConfluent, encodeRaw } from "../../../src/ingest/avro/encoder.js";
import { parseAvroSchema } from "../../../src/ingest/avro/parse-schema.js";
import type { AvroTimestamp } from "../../../src/ingest/avro/timestamp.js";
import { loadStreams } from "../../../src/ingest/streams.js";

const ROOT = join(import.meta.dirname, "../../..");
const stream = loadStreams(ROOT).streams.find((s) => s.name === "dados_produtores")!;
const v1 = parseAvroSchema(readFileSync(join(ROOT, "streams/schemas/dados_produtores.v1.avsc"), "utf8"));
const v2 = parseAvroSchema(readFileSync(join(ROOT, "streams/schemas/dados_produtores.v2.avsc"), "utf8"));

export const sample = {
  proponente_id: "P-000001",
  data_solicitacao: new Date("2025-03-10T14:00:00.123Z"),
  cpf_cnpj: "52998224725",
  nome_razao_social: "Maria Souza",
  tipo_pessoa: "PF",
  renda_bruta_anual_declarada: 180000.5,
  valor_solicitado_credito: 50000,
  finalidade_credito: "CUSTEIO",
  localizacao_propriedade: { latitude: -12.55, longitude: -55.72, municipio: "Sorriso", uf: "MT" },
  area_total_hectares: 320.5,
  cultura_principal: "SOJA",
  possui_experiencia_atividade: true,
  anos_experiencia: 12,
  fontes_dados_adicionais: { serasa_score: 712, ibama_autuacoes_ativas: false, numero_matricula_imovel: "MT-12345" },
  metadata_evento: { versao_schema: "1", origem_dados: "test", timestamp_geracao_evento: 1741615200123n },
};

describe("message decoder", () => {
  it("the example stream declares v1 and v2 and loads without diagnostics", () => {
    expect(loadStreams(ROOT).diagnostics).toEqual([]);
    expect(stream.format.encoding).toBe("confluent");
  });

  it("decodes v1 messages into the v2 reader schema (new field gets its default)", async () => {
    const d = createDecoder(stream);
    const msg = encodeConfluent(v1, 1, sample);
    await d.prepare([msg]);
    const r = d.decode(msg);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.schemaId).toBe(1);
    expect(r.record.canal_solicitacao).toBeNull();
    expect((r.record.data_solicitacao as AvroTimestamp).toTrinoText()).toBe("2025-03-10 14:00:00.123000");
    expect((r.record.metadata_evento as { timestamp_geracao_evento: bigint }).timestamp_geracao_evento).toBe(1741615200123n);
  });

  it("decodes v2 messages", () => {
    const d = createDecoder(stream);
    const r = d.decode(encodeConfluent(v2, 2, { ...sample, canal_solicitacao: "APP" }));
    expect(r.ok && r.record.canal_solicitacao).toBe("APP");
  });

  it("classifies garbage, truncation, trailing bytes, unknown ids, tombstones and missing required fields", () => {
    const d = createDecoder(stream);
    const good = encodeConfluent(v1, 1, sample);
    const cases: [Buffer | null, RegExp][] = [
      [Buffer.from("hello, not avro"), /not Confluent wire format/],
      [good.subarray(0, good.length - 3), /Avro decoding failed/],
      [Buffer.concat([good, Buffer.from([1, 2, 3])]), /Avro decoding failed/],
      [encodeConfluent(v1, 99, sample), /unknown writer schema id 99/],
      [null, /tombstone/],
      [encodeConfluent(v1, 1, { ...sample, cpf_cnpj: null }), /required field "cpf_cnpj" is null/],
    ];
    for (const [value, error] of cases) {
      const r = d.decode(value);
      expect(r.ok, String(error)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    }
  });

  it("decodes raw Avro with a distinct writer schema", () => {
    const d = createDecoder({
      required: [],
      format: { encoding: "raw", schemaFile: join(ROOT, "streams/schemas/dados_produtores.v2.avsc"), writerSchemaFile: join(ROOT, "streams/schemas/dados_produtores.v1.avsc") },
    });
    const r = d.decode(encodeRaw(v1, sample));
    expect(r.ok && r.record.proponente_id).toBe("P-000001");
  });

  it("fetches unknown ids from a schema registry, and treats a 404 as a dead letter", async () => {
    const v2text = readFileSync(join(ROOT, "streams/schemas/dados_produtores.v2.avsc"), "utf8");
    const server = createServer((req, res) => {
      if (req.url === "/schemas/ids/7") {
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ schema: v2text }));
      } else {
        res.statusCode = 404;
        res.end(JSON.stringify({ error_code: 40403, message: "Schema not found" }));
      }
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const d = createDecoder({ ...stream, format: { encoding: "confluent", schemaFile: stream.format.schemaFile, schemaIds: {}, registryUrl: url } });
      const a = encodeConfluent(v2, 7, { ...sample, canal_solicitacao: "APP" });
      const b = encodeConfluent(v2, 8, { ...sample, canal_solicitacao: "APP" });
      await d.prepare([a, b]);
      expect(d.decode(a).ok).toBe(true);
      const rb = d.decode(b);
      expect(!rb.ok && rb.error).toMatch(/schema id 8 is not in the registry/);
    } finally {
      server.close();
    }
  });

  it("a registry that is down is an error to retry, not a dead letter", async () => {
    const d = createDecoder({ ...stream, format: { encoding: "confluent", schemaFile: stream.format.schemaFile, schemaIds: {}, registryUrl: "http://127.0.0.1:9" } });
    await expect(d.prepare([encodeConfluent(v2, 3, { ...sample, canal_solicitacao: null })])).rejects.toThrow(/unavailable/);
  });
});
