import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";
import type { ProjectFiles } from "../../../src/compile/project-files.js";
import { dashboardConfigDiagnostics, planDashboards } from "../../../src/dashboards/plan.js";
import { formatDiagnostic } from "../../../src/common/errors.js";

const COLUMNS = `columns: {
    regiao_x: "Código da região (A, B ou C).",
    cod_seg: "Segment code.",
    valor_total: "Soma dos valores, em R$.",
    data_ref: "Data de referência do registro.",
    outra_data: "Outra data.",
    taxa_inadimplencia: "Fração (0–1) inadimplente."
  }`;

function project(files: Record<string, string>): ProjectFiles {
  return {
    settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
    files: Object.entries({ "definitions/src.sqlx": 'config { type: "declaration", schema: "silver", name: "src" }', ...files })
      .map(([path, text]) => ({ path, text }))
      .sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}

const gold = (name: string, dashboard: string) =>
  `config {\n  type: "table",\n  schema: "gold",\n  name: "${name}",\n  ${COLUMNS},\n  dashboard: ${dashboard}\n}\nSELECT * FROM \${ref("src")}\n`;

describe("dashboard { … } in a model's config", () => {
  const compiled = compileFiles(
    project({
      "definitions/gold/a.sqlx": gold("carteira_a", '{ domain: "credito", time: "outra_data", dimensions: ["cod_seg"] }'),
      "definitions/gold/b.sqlx": gold("carteira_b", '{ domain: "credito" }'),
      "definitions/gold/c.sqlx": gold("resumo", '{ title: "Resumo executivo" }'),
      "definitions/gold/d.sqlx": gold("interno", "{ exclude: true }"),
    }),
    { quoting: trinoQuoting },
  );

  it("compiles into the graph", () => {
    expect(compiled.diagnostics).toEqual([]);
    const a = compiled.graph.actions.find((x) => x.canonicalTarget.name === "carteira_a");
    expect(a && "dashboard" in a ? a.dashboard : undefined).toEqual({ domain: "credito", time: "outra_data", dimensions: ["cod_seg"] });
  });

  it("groups by domain, titles, excludes, and picks the configured time column and dimensions", () => {
    const dashboards = planDashboards(compiled.graph);
    expect(dashboards.map((d) => d.fileName)).toEqual(["gold-credito.json", "gold-resumo.json", "pipeline-health.json"]);
    const credito = dashboards[0]!;
    expect(credito.reads).toEqual(expect.arrayContaining(["lake.gold.carteira_a", "lake.gold.carteira_b"]));
    expect(credito.reads).not.toContain("lake.gold.interno");
    expect(dashboards[1]!.title).toBe("Resumo executivo");
    // carteira_a plots outra_data (configured); carteira_b the first business date (data_ref).
    const series = credito.queries.filter((q) => q.rawSQL.includes("$__timeGroup("));
    expect(series.find((q) => q.reads.includes("lake.gold.carteira_a"))?.rawSQL).toContain('"outra_data"');
    expect(series.find((q) => q.reads.includes("lake.gold.carteira_b"))?.rawSQL).toContain('"data_ref"');
    // cod_seg is not a dimension by its name or docs: only carteira_a's config makes it one.
    const variables = ((credito.dashboard.templating?.list ?? []) as { name?: string; query?: unknown }[]).map((v) => String(v.query ?? ""));
    expect(variables.some((q) => q.includes('"cod_seg"') && q.includes("carteira_a"))).toBe(true);
    expect(variables.some((q) => q.includes('"cod_seg"') && q.includes("carteira_b"))).toBe(false);
  });

  it("rejects unknown keys with the nearest one, at the key's line", () => {
    const r = compileFiles(project({ "definitions/gold/x.sqlx": gold("x", '{ dimension: ["cod_seg"] }') }), { quoting: trinoQuoting });
    const text = r.diagnostics.map(formatDiagnostic).join("\n");
    expect(text).toMatch(/definitions\/gold\/x\.sqlx:\d+:\d+: error .*dimension/);
    expect(text).toContain("dimensions");
  });

  it("reports columns the dashboard config names but the model does not document", () => {
    const r = compileFiles(project({ "definitions/gold/x.sqlx": gold("x", '{ time: "created", rates: ["taxa_inadimplencia", "nope"] }') }), { quoting: trinoQuoting });
    expect(r.diagnostics).toEqual([]);
    const ds = dashboardConfigDiagnostics(r.graph);
    expect(ds.map((d) => d.message)).toEqual(['x: dashboard.time names "created", which is not a documented column', 'x: dashboard.rates names "nope", which is not a documented column']);
    expect(ds[0]?.location?.file).toBe("definitions/gold/x.sqlx");
    expect(ds[0]?.hint).toContain("regiao_x");
  });

  it("series / seriesBy: one time series per measure, one line per value; undocumented names reported", () => {
    const r = compileFiles(project({ "definitions/gold/x.sqlx": gold("x", '{ time: "data_ref", series: ["valor_total"], seriesBy: "regiao_x" }') }), { quoting: trinoQuoting });
    expect(dashboardConfigDiagnostics(r.graph)).toEqual([]);
    const [d] = planDashboards(r.graph);
    const q = d?.queries.find((x) => x.panelTitle === "valor total por regiao x");
    expect(q?.rawSQL).toContain('"regiao_x",\n  avg("valor_total") AS "valor_total"');
    expect(q?.rawSQL).toContain("GROUP BY 1, 2");
    const bad = compileFiles(project({ "definitions/gold/x.sqlx": gold("x", '{ series: ["nope"], seriesBy: "nada" }') }), { quoting: trinoQuoting });
    expect(dashboardConfigDiagnostics(bad.graph).map((x) => x.message)).toEqual([
      'x: dashboard.series names "nope", which is not a documented column',
      'x: dashboard.seriesBy names "nada", which is not a documented column',
    ]);
  });
});
