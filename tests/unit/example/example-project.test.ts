/**
 * The repo root is the agro-credit example project (issue 5). It must compile cleanly, have the
 * expected graph, document every gold column, and guard every category column with
 * acceptedValues. Pure: no warehouse.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import type { AssertionAction, IncrementalAction, TableAction, TestAction } from "../../../src/compile/graph.js";
import { renderAction } from "../../../src/plan/render.js";
import { buildPlan } from "../../../src/plan/plan.js";
import { INTERVAL_END_PLACEHOLDER, INTERVAL_START_PLACEHOLDER } from "../../../src/compile/time-range-config.js";
import { action, compileExample, finalSelectItems } from "./project-sql.js";

// The lists come from the project's own includes (CommonJS modules the compiler evaluates in its
// vm context; package.json's "type": "module" keeps Node from require()-ing them), so a change
// there is checked here instead of drifting from a copy.
function include(name: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  runInNewContext(readFileSync(resolve(import.meta.dirname, "..", "..", "..", "includes", `${name}.js`), "utf8"), { module, exports: module.exports });
  return module.exports;
}
const stringList = (v: unknown): string[] => {
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === "string")) throw new Error(`expected a non-empty list of strings, got ${JSON.stringify(v)}`);
  return v as string[];
};
const FAIXAS = stringList(include("risco")["FAIXAS"]);
const CULTURAS = stringList(include("dominios")["CULTURAS"]);
const inList = (values: readonly string[]): string => `NOT IN (${values.map((v) => `'${v}'`).join(", ")})`;

const BRONZE = "iceberg.bronze.dados_produtores_agro";
const SEED = "iceberg.silver.modulos_fiscais";
const SILVER = "iceberg.silver.dados_produtores_agro";
const GOLD = ["proponente_features_agro", "location_features_agro", "risk_features_agro"].map((n) => `iceberg.gold.${n}`);

/** Category (enumerated) columns of each gold table. */
const CATEGORY_COLUMNS: Record<string, string[]> = {
  "iceberg.gold.proponente_features_agro": ["tipo_pessoa", "perfil_frequencia", "perfil_volatilidade"],
  "iceberg.gold.location_features_agro": ["localizacao_uf", "cultura_dominante", "densidade_proponentes"],
  "iceberg.gold.risk_features_agro": ["faixa_risco_credito", "cultura_principal", "volatilidade_credito"],
};

const r = compileExample();
const builtin = (parent: string, kind: AssertionAction["builtin"]): AssertionAction | undefined =>
  r.graph.actions.find((a): a is AssertionAction => a.kind === "assertion" && a.parent === parent && a.builtin === kind);

describe("example project: graph", () => {
  it("compiles with no errors or warnings", () => {
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it("has the medallion actions with the right kinds", () => {
    const kinds = Object.fromEntries(r.graph.actions.filter((a) => a.kind !== "assertion").map((a) => [a.key, a.kind]));
    expect(kinds).toEqual({
      [BRONZE]: "declaration",
      "iceberg.bronze.dados_produtores_agro_dead_letter": "declaration",
      [SEED]: "seed",
      [SILVER]: "incremental",
      // type: "snapshot" runs as an incremental table (SCD2 MERGE)
      "iceberg.silver.proponente_cadastro_historico": "incremental",
      ...Object.fromEntries(GOLD.map((g) => [g, "table"])),
      "test:silver_classificacao_risco_test": "test",
      "test:silver_validacao_replay_test": "test",
      "test:gold_proponente_features_test": "test",
      "test:gold_risk_features_test": "test",
    });
  });

  it("wires bronze → silver → gold, silver also reading the módulos fiscais seed", () => {
    expect(action(r, SILVER).dependencies).toEqual([BRONZE, SEED]);
    for (const g of GOLD) expect(action(r, g).dependencies).toEqual([SILVER]);
  });

  it("checks bronze freshness with an assertion on the source", () => {
    const a = action(r, "iceberg.qualidade.bronze_dados_produtores_agro_freshness");
    expect(a.kind).toBe("assertion");
    expect(a.dependencies).toEqual([BRONZE]);
    expect((a as AssertionAction).query).toContain("date_add('second', -86400, current_timestamp)");
  });

  it("warns (without failing the run) when one applicant id carries several documents", () => {
    const a = action(r, "iceberg.qualidade.silver_proponente_documento_unico") as AssertionAction;
    expect(a.severity).toBe("warn");
    expect(a.dependencies).toEqual([SILVER]);
  });

  it("declares bronze with documented columns, nested ROW fields included", () => {
    const b = action(r, BRONZE);
    const paths = b.kind === "declaration" ? b.columns.map((c) => c.path.join(".")) : [];
    expect(paths).toEqual(expect.arrayContaining(["_topic", "_partition", "_offset", "_ingested_at", "localizacao_propriedade.uf", "fontes_dados_adicionais.serasa_score", "metadata_evento.timestamp_geracao_evento"]));
  });
});

describe("example project: silver", () => {
  const silver = action(r, SILVER) as IncrementalAction;

  it("is a daily time range over bronze's landing time, with no hand-written watermark, and dedups replays", () => {
    expect(silver.timeRange).toEqual({ timeColumn: "_ingested_at", batchSize: { count: 1, unit: "day" }, lookback: 1, begin: "2026-01-01T00:00:00.000Z", concurrency: 1 });
    expect(silver.uniqueKey).toEqual([]);
    expect(silver.incrementalQuery).toContain("PARTITION BY b._topic, b._partition, b._offset");
    expect(silver.incrementalQuery).toContain(`WHERE b._ingested_at >= ${INTERVAL_START_PLACEHOLDER} AND b._ingested_at < ${INTERVAL_END_PLACEHOLDER}`);
    expect(silver.incrementalQuery).toContain(`AND antes._ingested_at < ${INTERVAL_START_PLACEHOLDER}`);
    expect(silver.incrementalQuery).not.toContain("max(_ingested_at)");
  });

  it("replaces each day with ONE MERGE whose target is only that day's rows", () => {
    const d = createTrinoDialect(loadMaterializations());
    const columns = finalSelectItems(silver.query).map((i) => ({ name: i.name, type: "" }));
    const state = { schemas: new Set(["iceberg.silver"]), relations: new Map([[SILVER, { exists: true, kind: "table" as const, columns }]]) };
    // Built: every day from begin (2026-01-01) to 2026-03-04.
    const built = Array.from({ length: 63 }, (_, i) => ({ start: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(), end: new Date(Date.UTC(2026, 0, 2 + i)).toISOString(), complete: true }));
    const plan = buildPlan(d, r.graph, state, { actions: [SILVER], timeRange: { now: "2026-03-05T10:00:00Z" }, intervalLogs: new Map([[SILVER, { built }]]) });
    const task = plan.tasks.find((t) => t.key === SILVER);
    expect(task?.intervals?.map((i) => [i.start.slice(0, 10), i.reason])).toEqual([["2026-03-04", "lookback"], ["2026-03-05", "missing"]]);
    const merges = task?.statements.filter((s) => s.role === "merge") ?? [];
    expect(merges).toHaveLength(2);
    expect(merges[0]?.sql).toContain(`ON t."_ingested_at" >= TIMESTAMP '2026-03-04 00:00:00.000000 UTC' AND t."_ingested_at" < TIMESTAMP '2026-03-05 00:00:00.000000 UTC'`);
    expect(merges[0]?.sql).toContain("WHEN MATCHED THEN DELETE");
  });

  it("documents every output column", () => {
    const documented = silver.columns.map((c) => c.path.join("."));
    expect(documented.sort()).toEqual(finalSelectItems(silver.query).map((i) => i.name).sort());
  });

  it("classifies área by the município's módulo fiscal (the seed; 20 ha when missing) and risk by Serasa bands", () => {
    expect(silver.query).toContain('LEFT JOIN "iceberg"."silver"."modulos_fiscais" AS mf');
    expect(silver.query).toContain("WHEN area_total_hectares < 1 * coalesce(modulo_fiscal_municipio_ha, 20) THEN 'MINIFUNDIO'");
    expect(silver.query).toContain("WHEN area_total_hectares <= 4 * coalesce(modulo_fiscal_municipio_ha, 20) THEN 'PEQUENA'");
    expect(silver.query).toContain("WHEN area_total_hectares <= 15 * coalesce(modulo_fiscal_municipio_ha, 20) THEN 'MEDIA'");
    expect(silver.query).toContain("WHEN serasa_score <= 300 THEN 'MUITO_ALTO'");
    expect(silver.query).toContain("WHEN serasa_score <= 700 THEN 'MEDIO'");
  });

  it("takes the fallback módulo fiscal from --vars, and rejects a non-numeric value with a located error", () => {
    const r16 = compileExample({ vars: { modulo_fiscal_ha: "16" } });
    expect(r16.diagnostics).toEqual([]);
    const q = (action(r16, SILVER) as IncrementalAction).query;
    expect(q).toContain("< 1 * coalesce(modulo_fiscal_municipio_ha, 16) THEN 'MINIFUNDIO'");
    expect(q).toContain("<= 4 * coalesce(modulo_fiscal_municipio_ha, 16) THEN 'PEQUENA'");
    expect(q).toContain("<= 15 * coalesce(modulo_fiscal_municipio_ha, 16) THEN 'MEDIA'");
    const bad = compileExample({ vars: { modulo_fiscal_ha: "1; DROP TABLE x" } });
    expect(bad.diagnostics.some((d) => d.severity === "error" && d.message.includes("modulo_fiscal_ha"))).toBe(true);
  });
});

describe("example project: gold", () => {
  it.each(GOLD)("%s reads only valid silver records", (key) => {
    expect((action(r, key) as TableAction).query).toMatch(/FROM "iceberg"\."silver"\."dados_produtores_agro"\s+WHERE registro_valido/);
  });

  it.each(GOLD)("%s documents every output column", (key) => {
    const a = action(r, key) as TableAction;
    const out = finalSelectItems(a.query).map((i) => i.name);
    const documented = a.columns.map((c) => c.path.join("."));
    expect(documented.sort()).toEqual([...out].sort());
    for (const c of a.columns) expect(c.description?.length ?? 0).toBeGreaterThan(10);
  });

  it.each(GOLD)("%s has key, rate, acceptedValues and relationships assertions", (key) => {
    for (const kind of ["uniqueKey", "rowConditions", "acceptedValues", "relationships"] as const) {
      expect(builtin(key, kind), `${key} ${kind}`).toBeDefined();
    }
    const rates = finalSelectItems((action(r, key) as TableAction).query).filter((i) => i.name.startsWith("taxa_") || i.name === "score_risco_ajustado");
    const conditions = builtin(key, "rowConditions")?.query ?? "";
    for (const rate of rates) expect(conditions, rate.name).toContain(`${rate.name} BETWEEN 0 AND 1`);
    expect(builtin(key, "relationships")?.dependencies).toContain(SILVER);
  });

  it.each(GOLD)("%s guards every category column with acceptedValues", (key) => {
    const items = finalSelectItems((action(r, key) as TableAction).query);
    const derived = items.filter((i) => /\bCASE\b/.test(i.expression)).map((i) => i.name);
    const wanted = CATEGORY_COLUMNS[key] ?? [];
    expect(wanted).toEqual(expect.arrayContaining(derived));
    const sql = builtin(key, "acceptedValues")?.query ?? "";
    for (const col of wanted) expect(sql, col).toContain(`'${col}' AS failing_column`);
  });

  it("takes accepted values from the same includes/ lists the rules use", () => {
    const risk = builtin("iceberg.gold.risk_features_agro", "acceptedValues")?.query ?? "";
    expect(risk).toContain(inList(FAIXAS));
    expect(risk).toContain(inList(CULTURAS));
    // the silver validity rule uses the same crop list
    expect((action(r, SILVER) as IncrementalAction).query).toContain(`cultura_principal ${inList(CULTURAS)}`);
    const loc = builtin("iceberg.gold.location_features_agro", "acceptedValues")?.query ?? "";
    expect(loc).toContain("NOT IN ('BAIXA', 'MEDIA', 'ALTA')");
  });
});

describe("example project: SQLX unit tests", () => {
  const tests = r.graph.actions.filter((a): a is TestAction => a.kind === "test");

  it.each(tests.map((t) => [t.key, t] as const))("%s replaces its input with inline rows", (_key, t) => {
    expect(t.inputs.length).toBeGreaterThan(0);
    for (const input of t.inputs) {
      const quoted = `"${input.ref.split(".").join('"."')}"`;
      expect(t.query).not.toContain(quoted);
    }
    expect(t.expectedQuery).not.toMatch(/\binput\s+"/);
  });

  it("covers silver's rules and the gold aggregations", () => {
    const datasets = tests.map((t) => t.dataset).sort();
    expect(datasets).toEqual(["iceberg.gold.proponente_features_agro", "iceberg.gold.risk_features_agro", SILVER, SILVER]);
  });
});
