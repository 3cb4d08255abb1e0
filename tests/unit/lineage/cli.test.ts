/** The command modules as the CLI entry registers them (writing files, not stdout). */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, test } from "vitest";
import { registerDashboards } from "../../../src/cli/commands/dashboards.js";
import { registerLineage } from "../../../src/cli/commands/lineage.js";
import { AGRO } from "./helpers.js";

function program(): Command {
  const p = new Command().exitOverride();
  registerLineage(p);
  registerDashboards(p);
  return p;
}

const run = (args: string[]) => program().parseAsync(args, { from: "user" });

describe("lakeform lineage / dashboards commands", { timeout: 60_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), "lf-cli-"));

  test("lineage --format mermaid --out", async () => {
    await run(["lineage", AGRO, "--format", "mermaid", "--no-checks", "--out", join(out, "l.mmd")]);
    const text = readFileSync(join(out, "l.mmd"), "utf8");
    expect(text).toContain("topic_dados_produtores ==> iceberg_bronze_dados_produtores_agro");
    expect(text).toContain("dashboard_lf_gold_risk");
  });

  test("lineage --columns --json answers which bronze fields feed a gold column", async () => {
    await run(["lineage", AGRO, "--columns", "--json", "--out", join(out, "l.json")]);
    const doc = JSON.parse(readFileSync(join(out, "l.json"), "utf8")) as { columns: Record<string, { columns: Record<string, { sources: { table: string; column: string }[] }> }> };
    expect(doc.columns["iceberg.gold.risk_features_agro"]?.columns.serasa_score_medio?.sources).toEqual([
      expect.objectContaining({ table: "iceberg.bronze.dados_produtores_agro", column: "fontes_dados_adicionais.serasa_score" }),
    ]);
  });

  test("lineage --format openlineage writes one JobEvent per line", async () => {
    await run(["lineage", AGRO, "--format", "openlineage", "--out", join(out, "ol.ndjson")]);
    const lines = readFileSync(join(out, "ol.ndjson"), "utf8").trim().split("\n");
    expect(lines.length).toBeGreaterThan(5);
    expect(JSON.parse(lines[0]!)).toHaveProperty("schemaURL", "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent");
  });

  test("usage errors", async () => {
    await expect(run(["lineage", AGRO, "--format", "svg"])).rejects.toThrow(/unknown lineage format/);
    await expect(run(["lineage", AGRO, "--trace", "gold.risk_features_agro.nope"])).rejects.toThrow(/no output column "nope"/);
  });

  test("dashboards --out writes one file per dashboard and removes stale ones", async () => {
    const dir = join(out, "grafana");
    await run(["dashboards", AGRO, "--out", dir]);
    expect(readdirSync(dir).sort()).toEqual(["gold-location.json", "gold-proponente.json", "gold-risk.json", "pipeline-health.json"]);
    const d = JSON.parse(readFileSync(join(dir, "gold-risk.json"), "utf8")) as { uid: string; schemaVersion: number };
    expect(d).toMatchObject({ uid: "lf-gold-risk", schemaVersion: 42 });
  });
});
