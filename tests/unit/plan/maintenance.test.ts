import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles, compileProject } from "../../../src/compile/compile.js";
import { projectMaintenance } from "../../../src/config/maintenance-policy.js";
import { expireStep, maintenanceTargets, optimizeStep } from "../../../src/plan/maintenance.js";

const d = createTrinoDialect(loadMaterializations());
const stats = { files: 50, smallFiles: 40, avgFileBytes: 1000, snapshots: 30, lastOptimizeAgeMs: null, retainedAgeMs: 60_000 };

describe("maintenance policy", () => {
  it("covers the example's tables and the ingester's bronze tables, not views", () => {
    const { graph } = compileProject(resolve(import.meta.dirname, "..", "..", ".."), { quoting: trinoQuoting });
    const targets = maintenanceTargets(graph, { policy: {}, layers: {} });
    const keys = targets.map((t) => t.key);
    expect(keys).toContain("iceberg.bronze.dados_produtores_agro");
    expect(keys).toContain("iceberg.silver.dados_produtores_agro");
    expect(targets.every((t) => graph.actions.find((a) => a.key === t.key)?.kind !== "view")).toBe(true);
  });

  it("a model's policy wins over its layer's, which wins over the project's; false leaves a table alone", () => {
    const files = {
      settings: [{ name: "dataform.json" as const, text: JSON.stringify({ warehouse: "trino", defaultDatabase: "lake", defaultSchema: "silver", lakeform: { iceberg: { maintenance: { retainSnapshots: 5, olderThan: "3d", layers: { gold: { retainSnapshots: 20 }, scratch: false } } } } }) }],
      files: [
        { path: "definitions/a.sqlx", text: 'config { type: "table" }\nSELECT 1 AS x' },
        { path: "definitions/b.sqlx", text: 'config { type: "table", schema: "gold" }\nSELECT 1 AS x' },
        { path: "definitions/c.sqlx", text: 'config { type: "table", schema: "gold", iceberg: { maintenance: { olderThan: "1h" } } }\nSELECT 1 AS x' },
        { path: "definitions/d.sqlx", text: 'config { type: "table", iceberg: { maintenance: false } }\nSELECT 1 AS x' },
        { path: "definitions/e.sqlx", text: 'config { type: "table", schema: "scratch" }\nSELECT 1 AS x' },
        { path: "definitions/f.sqlx", text: 'config { type: "declaration", schema: "raw", name: "f" }' },
        { path: "definitions/g.sqlx", text: 'config { type: "declaration", schema: "raw", name: "g", iceberg: { maintenance: { retainSnapshots: 2 } } }' },
      ],
    };
    const { graph, diagnostics } = compileFiles(files, { quoting: trinoQuoting });
    expect(diagnostics.filter((x) => x.severity === "error")).toEqual([]);
    const project = projectMaintenance(graph.settings.lakeform);
    if ("error" in project) throw new Error(project.error);
    const by = new Map(maintenanceTargets(graph, project).map((t) => [t.key.split(".").slice(1).join("."), t.policy]));
    expect([...by.keys()].sort()).toEqual(["gold.b", "gold.c", "raw.g", "silver.a"]);
    expect(by.get("silver.a")).toMatchObject({ retainSnapshots: 5, olderThan: "3d", fileSizeThreshold: "128MB" });
    expect(by.get("gold.b")).toMatchObject({ retainSnapshots: 20, olderThan: "3d" });
    expect(by.get("gold.c")).toMatchObject({ retainSnapshots: 20, olderThan: "1h" });
    expect(by.get("raw.g")).toMatchObject({ retainSnapshots: 2, olderThan: "3d" });
  });

  it("a bad policy names its key", () => {
    expect(projectMaintenance({ iceberg: { maintenance: { olderThan: "soon" } } })).toEqual({ error: expect.stringContaining("lakeform.iceberg.maintenance.olderThan") });
  });

  it("keeps the newest snapshots: the threshold is the larger of olderThan and the kept snapshots' age (plus a margin)", () => {
    const t = { key: "k", kind: "table" as const, target: { database: "lake", schema: "s", name: "t" }, policy: { retainSnapshots: 10, olderThan: "0s", fileSizeThreshold: "128MB", removeOrphanFiles: true } };
    expect(expireStep(d, t, stats).statement?.sql).toContain("retention_threshold => '65s'");
    expect(expireStep(d, { ...t, policy: { ...t.policy, olderThan: "1d" } }, stats).statement?.sql).toContain("retention_threshold => '86400s'");
    expect(expireStep(d, t, { ...stats, snapshots: 10 }).statement).toBeUndefined();
    expect(optimizeStep(d, { ...t, policy: { ...t.policy, optimizeEvery: "1h" } }, { ...stats, lastOptimizeAgeMs: 60_000 }).statement).toBeUndefined();
    expect(optimizeStep(d, { ...t, policy: { ...t.policy, optimizeEvery: "1h" } }, { ...stats, lastOptimizeAgeMs: 4_000_000 }).statement?.sql).toContain("optimize");
    expect(optimizeStep(d, t, { ...stats, smallFiles: 1 }).statement).toBeUndefined();
  });
});
