import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { toDot } from "../../../src/lineage/format/dot.js";
import { layerOrder } from "../../../src/lineage/format/layer-order.js";
import { toMermaid } from "../../../src/lineage/format/mermaid.js";
import { buildTableLineage, neighbourhood } from "../../../src/lineage/table-lineage.js";
import { agro } from "./helpers.js";

function lineage(checks = true) {
  const p = agro();
  return buildTableLineage({ project: p.project, graph: p.compiled.graph, streams: p.streams, checks, dashboards: [{ uid: "lf-gold-risk", title: "Gold · risk", reads: ["iceberg.gold.risk_features_agro"] }] });
}

describe("table lineage", () => {
  test("the fixture compiles cleanly", () => {
    expect(agro().diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  test("topic → bronze → silver → gold, with dead letters, checks and dashboards", () => {
    const l = lineage();
    const has = (from: string, to: string, kind: string) => l.edges.some((e) => e.from === from && e.to === to && e.kind === kind);
    expect(has("topic:dados_produtores", "iceberg.bronze.dados_produtores_agro", "ingests")).toBe(true);
    expect(has("topic:dados_produtores", "iceberg.bronze.dados_produtores_agro_dead_letter", "dead-letters")).toBe(true);
    expect(has("iceberg.bronze.dados_produtores_agro", "iceberg.silver.dados_produtores_agro", "feeds")).toBe(true);
    for (const g of ["risk", "location", "proponente"]) expect(has("iceberg.silver.dados_produtores_agro", `iceberg.gold.${g}_features_agro`, "feeds")).toBe(true);
    expect(has("iceberg.gold.risk_features_agro", "dashboard:lf-gold-risk", "reads")).toBe(true);
    expect(l.edges.some((e) => e.kind === "checks" && e.from === "iceberg.gold.risk_features_agro")).toBe(true);
  });

  test("ranks put every relation right of what it reads, layers in medallion order", () => {
    const l = lineage();
    const rank = new Map(l.nodes.map((n) => [n.id, n.rank]));
    for (const e of l.edges) if (e.kind !== "checks") expect(rank.get(e.to)!).toBeGreaterThan(rank.get(e.from)!);
    expect(layerOrder(l)).toEqual(["kafka", "bronze", "silver", "gold", "quality", "grafana"]);
    const bronze = l.nodes.find((n) => n.id === "iceberg.bronze.dados_produtores_agro");
    expect(bronze?.columns?.some((c) => c.name === "fontes_dados_adicionais")).toBe(true);
  });

  test("mermaid draws the medallion left to right", () => {
    const m = toMermaid(lineage(false));
    expect(m.startsWith("flowchart LR\n")).toBe(true);
    const order = ["kafka", "bronze", "silver", "gold"].map((layer) => m.indexOf(`subgraph layer_${layer}`));
    expect(order.every((v, i) => v >= 0 && (i === 0 || v > order[i - 1]!))).toBe(true);
    expect(m).toContain("topic_dados_produtores ==> iceberg_bronze_dados_produtores_agro");
    expect(m).toContain("iceberg_bronze_dados_produtores_agro --> iceberg_silver_dados_produtores_agro");
    expect(m).toContain("iceberg_silver_dados_produtores_agro --> iceberg_gold_risk_features_agro");
    expect(m).not.toContain(":::assertion");
  });

  test("dot has one cluster per layer and every edge", () => {
    const l = lineage();
    const d = toDot(l);
    expect(d).toMatch(/^digraph "agro" \{\n  rankdir=LR;/);
    expect(d.match(/subgraph cluster_/g)).toHaveLength(layerOrder(l).length);
    expect(d.match(/ -> /g)).toHaveLength(l.edges.length);
  });

  test("neighbourhood keeps only what is up- or downstream", () => {
    const l = neighbourhood(lineage(false), "iceberg.gold.location_features_agro", "both");
    const ids = l.nodes.map((n) => n.id);
    expect(ids).toContain("topic:dados_produtores");
    expect(ids).toContain("iceberg.silver.dados_produtores_agro");
    expect(ids).not.toContain("iceberg.gold.risk_features_agro");
    expect(ids).not.toContain("iceberg.bronze.dados_produtores_agro_dead_letter");
  });

  test("a project without streams (golden fixture) has sources and seeds as roots", () => {
    const r = compileProject(join(import.meta.dirname, "..", "..", "fixtures", "golden-project"), { quoting: trinoQuoting });
    const l = buildTableLineage({ project: "golden", graph: r.graph });
    const roots = l.nodes.filter((n) => n.rank === 0 && n.kind !== "assertion" && n.kind !== "test").map((n) => n.id);
    expect(roots).toEqual(["lake.bronze.raw_farmers", "lake.bronze.raw_loans", "lake.silver.regions"]);
    expect(l.nodes.find((n) => n.id === "lake.silver.regions")?.kind).toBe("seed");
    expect(l.edges.some((e) => e.from === "lake.silver.loans" && e.to === "lake.gold.exposure_by_region")).toBe(true);
  });
});
