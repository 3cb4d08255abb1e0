import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import type { TrinoClient } from "../../../src/adapters/trino/client.js";
import { compileFiles } from "../../../src/compile/compile.js";
import { prepareMaintenance } from "../../../src/serve/maintain-workflow.js";

const settings = { warehouse: "trino", defaultDatabase: "lake", defaultSchema: "silver", lakeform: { workflows: { upkeep: { kind: "maintain", cron: "30 3 * * *", tags: ["daily"] } } } };
const { graph, diagnostics } = compileFiles(
  {
    settings: [{ name: "dataform.json", text: JSON.stringify(settings) }],
    files: [
      { path: "definitions/a.sqlx", text: 'config { type: "table", tags: ["daily"] }\nSELECT 1 AS x' },
      { path: "definitions/b.sqlx", text: 'config { type: "table" }\nSELECT 1 AS x' },
      { path: "definitions/v.sqlx", text: 'config { type: "view", tags: ["daily"] }\nSELECT 1 AS x' },
    ],
  },
  { quoting: trinoQuoting },
);

describe("serve: a workflow of kind maintain", () => {
  it("parses, and locks exactly the tables it maintains (its tags narrow them; views are not maintained)", () => {
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const w = graph.settings.workflows.find((x) => x.name === "upkeep")!;
    expect(w.kind).toBe("maintain");
    const prepared = prepareMaintenance({ client: {} as TrinoClient }, w, { graph, dialect: createTrinoDialect(loadMaterializations()), dir: "/p" });
    expect(prepared.tables).toEqual(["lake.silver.a"]);
  });
});
