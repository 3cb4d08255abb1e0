import { afterAll, describe, expect, it } from "vitest";
import type { TableDiff } from "../../../src/run/table-diff.js";
import { dropSchemas, runCli, trino, uniqueName } from "../helpers.js";
import { teamProject } from "./fixture.js";

// Issue 15 item 4: `lakeform diff` on two builds of one model that differ in known rows:
// variant b changes id 2's amount and id 4's name, drops id 3, adds id 9 and a column.
const schema = uniqueName("team_df");
const MODEL = `config { type: "table" }
SELECT id, name, amount\${dataform.projectConfig.vars.variant === "b" ? ", 'x' AS extra" : ""}
FROM (VALUES
  (1, 'ana', 10.0E0),
  (2, 'bia', \${dataform.projectConfig.vars.variant === "b" ? "25.0E0" : "20.0E0"}),
  \${dataform.projectConfig.vars.variant === "b" ? "" : "(3, 'caio', 30.0E0),"}
  (4, \${dataform.projectConfig.vars.variant === "b" ? "'DORA'" : "'dora'"}, 40.0E0),
  (5, 'eva', 50.0E0)
  \${dataform.projectConfig.vars.variant === "b" ? ", (9, 'ivo', 90.0E0)" : ""}
) AS t (id, name, amount)`;
const project = teamProject(schema, { "definitions/diff_model.sqlx": MODEL });
const client = trino();
const build = (env: string, variant: string) => {
  const r = runCli(["run", project.dir, "--actions", "diff_model", "--schema-suffix", env, "--vars", `variant=${variant}`]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
};

describe("lakeform diff on the real stack", () => {
  afterAll(async () => {
    await dropSchemas(client, [`${schema}_da`, `${schema}_db`]);
    project.remove();
  });

  it("reports exactly the rows and columns that differ", () => {
    build("da", "a");
    build("db", "b");
    const r = runCli(["diff", "diff_model", project.dir, "--env", "da", "--env", "db", "--key", "id", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as TableDiff;
    expect(d.a).toMatchObject({ table: `iceberg.${schema}_da.diff_model`, rows: 5 });
    expect(d.b).toMatchObject({ table: `iceberg.${schema}_db.diff_model`, rows: 5 });
    expect(d.schema).toEqual({ added: ["extra"], removed: [], retyped: [] });
    expect([d.onlyInA, d.onlyInB, d.changed]).toEqual([1, 1, 2]);
    expect(d.columns).toEqual({ name: 1, amount: 1 });
    const ids = d.sample.map((row) => row["a__id"] ?? row["b__id"]);
    expect(ids).toEqual([2, 3, 4, 9]);
    expect(d.sample.find((row) => row["a__id"] === 2)).toMatchObject({ a__amount: 20, b__amount: 25, a__name: "bia", b__name: "bia" });
  });

  it("without a key: rows only in A / only in B as multisets; text output names the counts", () => {
    const r = runCli(["diff", "diff_model", project.dir, "--env", "da", "--env", "db"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("rows only in A: 3"); // ids 2, 3, 4 as they were
    expect(r.stdout).toContain("rows only in B: 3"); // ids 2, 4 changed, 9 new
    expect(r.stdout).toContain("columns only in B: extra");
  });

  it("--snapshot compares the table with an earlier version of itself", async () => {
    const first = String((await client.query(`SELECT CAST(snapshot_id AS varchar) FROM iceberg."${schema}_da"."diff_model$snapshots" ORDER BY committed_at DESC LIMIT 1`)).rows[0]?.[0]);
    build("da", "b");
    const r = runCli(["diff", "diff_model", project.dir, "--env", "da", "--snapshot", first, "--key", "id", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout) as TableDiff;
    expect([d.onlyInA, d.onlyInB, d.changed]).toEqual([1, 1, 2]);
    expect(d.a.snapshot).toBe(first);
  });
});
