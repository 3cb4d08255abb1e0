import { describe, expect, test } from "vitest";
import type { ColumnLineageCache } from "../../../src/lineage/columns/column-lineage.js";
import { projectColumnLineage } from "../../../src/lineage/columns/project-columns.js";
import { resolveField } from "../../../src/lineage/columns/resolve-fields.js";
import { traceFields } from "../../../src/lineage/columns/trace-fields.js";
import { aggregatedColumns } from "../../../src/lineage/columns/polyglot.js";
import { traceRoots } from "../../../src/lineage/columns/trace.js";
import type { ActionColumnLineage } from "../../../src/lineage/columns/types.js";
import { lineageDocument } from "../../../src/lineage/format/json.js";
import { buildTableLineage } from "../../../src/lineage/table-lineage.js";
import { agro } from "./helpers.js";

const BRONZE = "iceberg.bronze.dados_produtores_agro";
const SILVER = "iceberg.silver.dados_produtores_agro";
const RISK = "iceberg.gold.risk_features_agro";

class MemoryCache implements ColumnLineageCache {
  readonly map = new Map<string, ActionColumnLineage>();
  hits = 0;
  get(k: string) {
    const v = this.map.get(k);
    if (v) this.hits++;
    return v;
  }
  set(k: string, v: ActionColumnLineage) {
    this.map.set(k, v);
  }
}

const cache = new MemoryCache();
const all = () => projectColumnLineage(agro(), cache);

describe("column lineage", { timeout: 60_000 }, () => {
  test("bronze fields feeding gold.risk_features_agro.serasa_score_medio", () => {
    const roots = traceRoots(all(), { table: RISK, column: "serasa_score_medio" });
    expect(roots).toEqual([{ table: BRONZE, column: "fontes_dados_adicionais.serasa_score", path: [BRONZE, SILVER, RISK], identity: false, aggregated: true }]);
  });

  test("ROW fields read as row.field resolve to the upstream relation", () => {
    const silver = all().get(SILVER)!;
    expect(silver.columns.serasa_score).toEqual([expect.objectContaining({ table: BRONZE, column: "fontes_dados_adicionais.serasa_score", subtype: "IDENTITY" })]);
    expect(silver.columns.localizacao_uf?.[0]).toMatchObject({ table: BRONZE, column: "localizacao_propriedade.uf", subtype: "TRANSFORMATION" });
    expect(silver.columns.proponente_id?.[0]).toMatchObject({ table: BRONZE, column: "proponente_id", subtype: "IDENTITY" });
    expect(silver.columns.processed_at).toEqual([]);
  });

  test("direct subtypes: identity, transformation, aggregation", () => {
    const risk = all().get(RISK)!;
    expect(risk.columns.faixa_risco_credito?.[0]?.subtype).toBe("IDENTITY");
    expect(risk.columns.serasa_score_medio?.[0]?.subtype).toBe("AGGREGATION");
    expect(risk.columns.taxa_pessoa_juridica?.map((i) => i.column)).toEqual(["tipo_pessoa"]);
  });

  test("indirect inputs: filters, grouping and the window-deduplication filter", () => {
    const risk = all().get(RISK)!;
    expect(risk.dataset).toEqual(
      expect.arrayContaining([
        { table: SILVER, column: "registro_valido", subtype: "FILTER" },
        { table: SILVER, column: "faixa_risco_credito", subtype: "GROUP_BY" },
        { table: SILVER, column: "cultura_principal", subtype: "GROUP_BY" },
      ]),
    );
    const silver = all().get(SILVER)!;
    expect(silver.dataset.map((d) => `${d.column}:${d.subtype}`)).toEqual(expect.arrayContaining(["_topic:FILTER", "_offset:FILTER", "_ingested_at:FILTER"]));
  });

  test("results are cached by SQL hash", () => {
    all();
    const before = cache.hits;
    all();
    expect(cache.hits - before).toBe(4);
  });

  test("json document carries inputs and traced sources per column", () => {
    const p = agro();
    const doc = lineageDocument(buildTableLineage({ project: p.project, graph: p.compiled.graph, streams: p.streams }), all());
    const entry = doc.columns?.[RISK]?.columns.serasa_score_medio;
    expect(entry?.inputs[0]).toMatchObject({ table: SILVER, column: "serasa_score" });
    expect(entry?.sources[0]).toMatchObject({ table: BRONZE, column: "fontes_dados_adicionais.serasa_score" });
  });

  test("resolveField", () => {
    const up = [
      { key: "c.s.a", columns: new Set(["r"]) },
      { key: "c.s.b", columns: new Set(["x"]) },
    ];
    expect(resolveField("c.s.a", "col", up)).toEqual({ table: "c.s.a", column: "col" });
    expect(resolveField("r", "f", up)).toEqual({ table: "c.s.a", column: "r.f" });
    expect(resolveField("zz", "f", up)).toEqual({ table: "c.s.a", column: "zz.f", ambiguous: true });
    expect(resolveField("zz", "f", [])).toEqual({ table: "zz", column: "f" });
  });
});

describe("traceFields", () => {
  test("columns read through SELECT * in a CTE resolve to the relation, ROW fields keep their path", () => {
    const sql = `WITH validos AS (SELECT * FROM "iceberg"."silver"."s" WHERE ok)
SELECT v.uf, avg(v.score) AS score_medio, max(b.loc.uf) AS b_uf
FROM validos v CROSS JOIN (SELECT loc FROM "iceberg"."bronze"."b") b
GROUP BY v.uf`;
    const relations = new Map([
      ["iceberg.silver.s", [{ name: "uf" }, { name: "score" }, { name: "ok" }]],
      ["iceberg.bronze.b", [{ name: "loc", type: "ROW(uf VARCHAR)" }]],
    ]);
    const r = traceFields(sql, relations);
    if ("error" in r) throw new Error(r.error);
    expect(r.fields.get("score_medio")?.map((f) => `${f.name}.${f.field}`)).toEqual(["iceberg.silver.s.score"]);
    expect(r.fields.get("uf")?.map((f) => `${f.name}.${f.field}`)).toEqual(["iceberg.silver.s.uf"]);
  });
});

describe("aggregatedColumns", () => {
  test("an aggregate inside a CTE marks the outer column", () => {
    const sql = `WITH seg AS (SELECT k, avg(x) AS m, max(y) AS top FROM "c"."s"."t" GROUP BY k) SELECT s.k, s.m AS m_out, upper(s.k) AS k2 FROM seg s`;
    expect([...aggregatedColumns(sql, ["k", "m_out", "k2"])]).toEqual(["m_out"]);
    expect(aggregatedColumns(`SELECT a FROM "c"."s"."t"`, ["a"]).size).toBe(0);
  });
});
