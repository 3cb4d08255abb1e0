import { describe, expect, test } from "vitest";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { validateDashboard } from "../../../src/dashboards/validate.js";
import { agroDashboards, asJson, grafanaSchema } from "./helpers.js";

describe("generated dashboards", () => {
  const dashboards = agroDashboards();

  test("one per gold domain plus pipeline health", () => {
    expect(dashboards.map((d) => d.fileName)).toEqual(["gold-location.json", "gold-proponente.json", "gold-risk.json", "pipeline-health.json"]);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
  });

  test.each(agroDashboards().map((d) => [d.fileName, d] as const))("%s is valid against Grafana's schema (v42)", (_name, d) => {
    const json = asJson(d);
    const validate = grafanaSchema();
    expect(validate(json), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(json.schemaVersion).toBe(42);
    expect(JSON.stringify(json)).not.toContain("_implementsDataqueryVariant");
  });

  test.each(agroDashboards().map((d) => [d.fileName, d] as const))("%s follows the project rules", (_name, d) => {
    expect(validateDashboard(asJson(d) as unknown as Dashboard)).toEqual([]);
  });

  test("panels use the Trino data source with rawSQL and a format", () => {
    for (const d of dashboards) {
      for (const p of (asJson(d).panels as { type: string; targets?: { datasource: unknown; rawSQL: string; format: number }[] }[]).filter((x) => x.type !== "row")) {
        for (const t of p.targets ?? []) {
          expect(t.datasource).toEqual({ type: "trino-datasource", uid: "lakeform-trino" });
          expect([0, 1]).toContain(t.format);
          expect(t.rawSQL.length).toBeGreaterThan(10);
        }
      }
    }
  });

  test("panel types follow column roles: rates as percent stats, time series over business time, dimensions as variables and bar charts", () => {
    const risk = dashboards.find((d) => d.fileName === "gold-risk.json")!;
    const json = asJson(risk) as unknown as Dashboard;
    const panels = (json.panels ?? []) as { type: string; title?: string; fieldConfig?: { defaults?: { unit?: string } } }[];
    expect(panels.find((p) => p.title === "taxa pessoa juridica")).toMatchObject({ type: "stat", fieldConfig: { defaults: { unit: "percentunit" } } });
    expect(panels.filter((p) => p.type === "barchart").map((p) => p.title)).toEqual(["Por faixa risco credito", "Por cultura principal", "Por volatilidade credito"]);
    expect((json.templating?.list ?? []).map((v) => v.name)).toEqual(["faixa_risco_credito", "cultura_principal", "volatilidade_credito"]);
    const prop = asJson(dashboards.find((d) => d.fileName === "gold-proponente.json")!) as unknown as Dashboard;
    const ts = (prop.panels ?? []).find((p) => p.type === "timeseries") as unknown as { targets: { rawSQL: string; format: number }[] };
    expect(ts.targets[0]).toMatchObject({ format: 0 });
    expect(ts.targets[0]!.rawSQL).toContain(`$__timeGroup("ultima_solicitacao", '1h')`);
    expect(ts.targets[0]!.rawSQL).toContain(`$__timeFilter("ultima_solicitacao")`);
  });

  test("pipeline health reads $snapshots, $files, bronze offsets and the run log", () => {
    const health = dashboards.find((d) => d.kind === "pipeline-health")!;
    const sql = health.queries.map((q) => q.rawSQL).join("\n");
    expect(sql).toContain(`"iceberg"."silver"."dados_produtores_agro$snapshots"`);
    expect(sql).toContain(`"iceberg"."bronze"."dados_produtores_agro$files"`);
    expect(sql).toContain(`"_batch_high_watermark" - "_batch_end_offset"`);
    for (const t of ["runs", "action_runs", "assertion_results"]) expect(sql).toContain(`"iceberg"."lakeform"."${t}"`);
  });

  test("the vendored schema rejects malformed dashboards", () => {
    const json = asJson(dashboards[0]!);
    const panels = json.panels as { gridPos: Record<string, unknown> }[];
    panels[0]!.gridPos.w = "wide";
    const validate = grafanaSchema();
    expect(validate({ ...json, schemaVersion: "42" })).toBe(false);
    expect(validate(json)).toBe(false);
    expect(validate({ title: "no schemaVersion" })).toBe(false);
  });

  test("the rule checker catches overlaps, duplicate ids and undefined variables", () => {
    const base = asJson(dashboards[0]!) as unknown as Dashboard;
    const panels = [...(base.panels ?? [])];
    const first = panels[1]!;
    const broken = {
      ...base,
      panels: [...panels, { ...first, targets: [{ refId: "A", rawSQL: "SELECT 1 WHERE x IN ($nope)", datasource: { type: "trino-datasource" } }] }],
    } as unknown as Dashboard;
    const problems = validateDashboard(broken).join("\n");
    expect(problems).toContain(`id ${first.id} also used`);
    expect(problems).toContain("overlaps");
    expect(problems).toContain("undefined variable $nope");
  });
});
