/**
 * Every generated dashboard query — variables, gold panels and pipeline health — runs on the
 * real Trino, with the Trino plugin's macros expanded, against the agro fixture built for real
 * (bronze rows → silver → gold via the fixture's own compiled SQL, plus run-log rows).
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { checkDashboards, type QueryCheck } from "../../../src/dashboards/check.js";
import { planDashboards } from "../../../src/dashboards/plan.js";
import type { GeneratedDashboard } from "../../../src/dashboards/types.js";
import { validateDashboard } from "../../../src/dashboards/validate.js";
import { loadProjectInputs } from "../../../src/lineage/project-inputs.js";
import { AGRO } from "../../unit/lineage/helpers.js";
import { trino, uniqueName } from "../helpers.js";
import { buildFixture, dropFixture, testRelation } from "./fixture-data.js";

const CATALOG = "iceberg";
const schema = uniqueName("lf_dash");
const client = trino();
const inputs = loadProjectInputs(AGRO);
let dashboards: GeneratedDashboard[] = [];
let results: QueryCheck[] = [];

beforeAll(async () => {
  await buildFixture(client, inputs, CATALOG, schema);
  dashboards = planDashboards(inputs.compiled.graph, {
    streams: inputs.streams,
    options: { relation: testRelation(CATALOG, schema), runLog: { catalog: CATALOG, schema } },
  });
  results = await checkDashboards(client, dashboards, { from: new Date(Date.now() - 30 * 86_400_000), to: new Date(Date.now() + 3_600_000) });
}, 600_000);

afterAll(async () => {
  await dropFixture(client, CATALOG, schema);
}, 300_000);

describe("dashboards on the real Trino", () => {
  test("the dashboards still follow the project rules when aimed at another schema", () => {
    for (const d of dashboards) expect(validateDashboard(JSON.parse(JSON.stringify(d.dashboard)) as Dashboard), d.fileName).toEqual([]);
    expect(dashboards.flatMap((d) => d.queries).every((q) => q.rawSQL.includes(schema) || !q.rawSQL.includes('"iceberg"."gold"'))).toBe(true);
  });

  test("every panel and variable query succeeds", () => {
    const failed = results.filter((r) => !r.ok).map((r) => `${r.dashboard} / ${r.panelTitle}: ${r.error}\n${r.sql}`);
    expect(failed).toEqual([]);
    expect(results.length).toBe(dashboards.reduce((n, d) => n + d.queries.length + (d.dashboard.templating?.list?.length ?? 0), 0));
  });

  test("gold panels return rows", () => {
    const gold = results.filter((r) => r.expectRows);
    expect(gold.length).toBeGreaterThan(15);
    expect(gold.filter((r) => r.rows === 0).map((r) => `${r.dashboard} / ${r.panelTitle}`)).toEqual([]);
  });

  test("pipeline health sees commits, files, ingest lag, runs and assertions", () => {
    const health = results.filter((r) => r.dashboard.endsWith("pipeline-health"));
    const rows = (title: string) => health.find((r) => r.panelTitle === title)?.rows ?? -1;
    for (const t of ["Atraso de ingestão", "Commits por camada", "Linhas gravadas por camada", "Arquivos por tabela", "Duração das execuções", "Ações mais lentas", "Últimas execuções", "Ações com falha", "Assertions falhando", "Resultado das assertions"]) {
      expect(rows(t), t).toBeGreaterThan(0);
    }
  });
});
