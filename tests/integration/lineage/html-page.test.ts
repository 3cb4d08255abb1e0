/**
 * The self-contained lineage page renders in headless Chromium without console errors, shows
 * the medallion left to right, answers "where does this column come from" on click, and leaves
 * a screenshot at build/lineage.png for a person to look at.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { dashboardReads } from "../../../src/dashboards/reads.js";
import { planDashboards } from "../../../src/dashboards/plan.js";
import { projectColumnLineage } from "../../../src/lineage/columns/project-columns.js";
import { toHtml } from "../../../src/lineage/format/html.js";
import { lineageDocument } from "../../../src/lineage/format/json.js";
import { loadProjectInputs } from "../../../src/lineage/project-inputs.js";
import { buildTableLineage } from "../../../src/lineage/table-lineage.js";
import { AGRO } from "../../unit/lineage/helpers.js";
import { REPO_ROOT } from "../helpers.js";
import { launchChromium } from "./chromium.js";

let browser: BrowserContext;
beforeAll(async () => {
  browser = await launchChromium();
}, 900_000);
afterAll(async () => {
  await browser?.close();
});

function page(dir: string): string {
  const p = loadProjectInputs(dir);
  const graph = p.compiled.graph;
  const table = buildTableLineage({ project: p.project, graph, streams: p.streams, dashboards: dashboardReads(planDashboards(graph, { streams: p.streams })) });
  return toHtml(lineageDocument(table, projectColumnLineage(p)));
}

describe("lineage HTML page in Chromium", () => {
  test("renders without errors, left to right, with column lineage on click; screenshot in build/", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "lf-lineage-")), "lineage.html");
    writeFileSync(file, page(AGRO));
    const tab = await browser.newPage();
    const errors: string[] = [];
    tab.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") errors.push(`${m.type()}: ${m.text()}`);
    });
    tab.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    tab.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    await tab.goto(pathToFileURL(file).href);

    const x = async (id: string) => Number(await tab.locator(`g.node[data-id="${id}"] rect`).getAttribute("x"));
    const xs = await Promise.all(["topic:dados_produtores", "iceberg.bronze.dados_produtores_agro", "iceberg.silver.dados_produtores_agro", "iceberg.gold.risk_features_agro", "dashboard:lf-gold-risk"].map(x));
    expect(xs.every((v, i) => i === 0 || v > xs[i - 1]!), xs.join(",")).toBe(true);

    await tab.locator('g.node[data-id="iceberg.gold.risk_features_agro"]').click();
    const details = await tab.locator("#details").innerText();
    expect(details).toContain("serasa_score_medio");
    expect(details).toContain("bronze.dados_produtores_agro.fontes_dados_adicionais.serasa_score");
    expect(await tab.locator("g.node.dim").count()).toBeGreaterThan(0);

    mkdirSync(join(REPO_ROOT, "build"), { recursive: true });
    await tab.screenshot({ path: join(REPO_ROOT, "build", "lineage.png"), fullPage: true });
    expect(errors).toEqual([]);
    await tab.close();
  }, 120_000);
});
