import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/plan.js";
import { dropSchemas, runCli, trino, uniqueName } from "../helpers.js";
import { BY_CUSTOMER, createTeamSource, teamProject } from "./fixture.js";

// Issue 15 items 1–2: the manifest of a production run, `--select state:modified+`, `plan --state`,
// and `run --defer` building only the changed models in a suffixed schema reading production.
const schema = uniqueName("team_sd");
const project = teamProject(schema);
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const tables = async (s: string) => (await q(`SELECT table_name FROM iceberg.information_schema.tables WHERE table_schema = '${s}' ORDER BY 1`)).map((r) => String(r[0]));
const cli = (...args: string[]) => {
  const r = runCli([...args]);
  expect(r.status, `${args.join(" ")}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r;
};
let prodRunId = "";

describe("state:modified+ and --defer on the real stack", () => {
  beforeAll(async () => {
    await createTeamSource(client, schema);
  });
  afterAll(async () => {
    await dropSchemas(client, [schema, `${schema}_assertions`, `${schema}_pr`, `${schema}_assertions_pr`, `${schema}_full`, `${schema}_assertions_full`, `${schema}_src`]);
    project.remove();
  });

  it("a production run records the compiled graph in lakeform.manifests", async () => {
    const summary = JSON.parse(cli("run", project.dir, "--json").stdout) as { runId: string; status: string };
    expect(summary.status).toBe("success");
    prodRunId = summary.runId;
    const rows = await q(`SELECT action_key, kind, environment, target_schema, length(query_hash) FROM iceberg.lakeform.manifests WHERE run_id = '${prodRunId}' ORDER BY action_key`);
    const keys = rows.map((r) => String(r[0]));
    expect(keys).toContain(`iceberg.${schema}.by_customer`);
    expect(keys).toContain(`iceberg.${schema}_src.raw_orders`);
    expect(new Set(rows.map((r) => r[2]))).toEqual(new Set([""])); // production: no suffix, no prefix
    expect(rows.every((r) => Number(r[4]) === 16)).toBe(true);
  });

  it("an unchanged project selects nothing with state:modified", () => {
    const plan = JSON.parse(cli("plan", project.dir, "--select", "state:modified+", "--schema-suffix", "pr", "--json").stdout) as Plan & { state: { source: string; modified: object } };
    expect(plan.state.source).toBe(`run ${prodRunId}`);
    expect(plan.state.modified).toEqual({});
    expect(plan.tasks).toEqual([]);
  });

  it("after one model changes, state:modified+ selects it and its dependents only, and plan --state says why", () => {
    project.write("definitions/by_customer.sqlx", BY_CUSTOMER.replace("count(*) AS orders", "count(*) AS orders, max(amount) AS biggest"));
    const plan = JSON.parse(cli("plan", project.dir, "--select", "state:modified+", "--schema-suffix", "pr", "--json").stdout) as Plan & {
      state: { modified: Record<string, string[]>; upstream: Record<string, string[]> };
    };
    expect(plan.state.modified).toEqual({ [`iceberg.${schema}_pr.by_customer`]: ["query"] });
    expect(plan.state.upstream[`iceberg.${schema}_pr.big`]).toEqual([`iceberg.${schema}_pr.by_customer`]);
    expect(plan.tasks.map((t) => t.key.split(".").at(-1)).sort()).toEqual(["big", "by_customer", `${schema}_by_customer_assertions_rowConditions`]);
    const text = cli("plan", project.dir, "--state", prodRunId, "--select", "state:modified").stdout;
    expect(text).toContain(`--   modified iceberg.${schema}.by_customer: query`);
    expect(text).toContain(`--   upstream iceberg.${schema}.big: reads changed iceberg.${schema}.by_customer`);
  });

  it("run --defer builds only those in the suffixed schema, reading production's upstream; counts match a full build", async () => {
    const summary = JSON.parse(cli("run", project.dir, "--select", "state:modified+", "--defer", "--schema-suffix", "pr", "--json").stdout) as { status: string; outcomes: { action: { key: string } }[] };
    expect(summary.status).toBe("success");
    expect(await tables(`${schema}_pr`)).toEqual(["big", "by_customer"]); // not stg, order_count, unrelated
    const plan = JSON.parse(cli("plan", project.dir, "--select", "state:modified+", "--defer", "--schema-suffix", "pr", "--json").stdout) as Plan;
    const create = plan.tasks.find((t) => t.key.endsWith(".by_customer"))!.statements.map((s) => s.sql).join("\n");
    expect(create).toContain(`FROM "iceberg"."${schema}"."stg"`); // production's table
    cli("run", project.dir, "--schema-suffix", "full");
    const pr = `iceberg."${schema}_pr".by_customer`;
    const full = `iceberg."${schema}_full".by_customer`;
    expect(await q(`SELECT count(*) FROM ${pr}`)).toEqual(await q(`SELECT count(*) FROM ${full}`));
    expect(await q(`SELECT count(*) FROM (SELECT * FROM ${pr} EXCEPT SELECT * FROM ${full})`)).toEqual([[0n]]);
    expect(await q(`SELECT count(*) FROM (SELECT * FROM ${full} EXCEPT SELECT * FROM ${pr})`)).toEqual([[0n]]);
    expect(await q(`SELECT count(*) FROM iceberg."${schema}_pr".big`)).toEqual(await q(`SELECT count(*) FROM iceberg."${schema}_full".big`));
    // An environment run records its manifest too, but never counts as production.
    const envs = await q(`SELECT DISTINCT environment FROM iceberg.lakeform.manifests WHERE action_key = 'iceberg.${schema}.by_customer'`);
    expect(envs.map((r) => r[0]).sort()).toEqual(["", "schema_suffix=full", "schema_suffix=pr"]);
  });

  it("--defer without an environment is a usage error", () => {
    const r = runCli(["run", project.dir, "--select", "state:modified", "--defer"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--schema-suffix");
  });
});
