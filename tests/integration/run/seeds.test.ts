/**
 * Seeds on the real stack, through `lakeform` as a subprocess (issue 12 item 3): the first run
 * builds the seed and its dependent model and checks its assertions; a second run writes nothing
 * (same snapshot, checked in `$snapshots`); an edited CSV rebuilds; a large seed is written in
 * several statements under Trino's length limit; a non-numeric value in an integer column fails
 * `compile` (and `run`, before anything is written) with its `seeds/x.csv:LINE:COL`. Every
 * statement a run executes is in the plan printed before it (Trino's query log, as in
 * plan-is-complete.test.ts), the read of the stored hash included.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Plan } from "../../../src/plan/plan.js";
import { CLI, dropSchemas, runCli, trino, uniqueName } from "../helpers.js";

const id = uniqueName("seeds_it");
const schema = id;
const checks = `${id}_q`;
const dir = mkdtempSync(join(tmpdir(), "lakeform-seeds-"));
const client = trino();
const q = async (sql: string) => (await client.query(sql)).rows;
const SEED = `iceberg."${schema}".mf`;
const snapshots = async (table: string) => (await q(`SELECT snapshot_id FROM iceberg."${schema}"."${table}$snapshots" ORDER BY committed_at`)).map((r) => String(r[0]));

const CSV = "codigo_ibge,municipio,uf,modulo_fiscal_ha\n5107925,Sorriso,MT,90\n4104808,Cascavel,PR,18\n3543402,Ribeirão Preto,SP,10\n";
const YAML = [
  'description: "Módulo fiscal por município (teste)."',
  "columns:",
  "  codigo_ibge: { type: varchar(7), description: Código IBGE }",
  "  modulo_fiscal_ha: { type: integer, description: Hectares }",
  "assertions:",
  "  uniqueKey: [uf, municipio]",
  "  nonNull: [modulo_fiscal_ha]",
  '  rowConditions: ["modulo_fiscal_ha BETWEEN 5 AND 110"]',
  "",
].join("\n");

function write(path: string, text: string): void {
  mkdirSync(join(dir, path, ".."), { recursive: true });
  writeFileSync(join(dir, path), text);
}

const cli = (args: string[], user?: string) =>
  runCli([...args, dir, ...(args[0] === "run" || args[0] === "plan" ? ["--no-run-log"] : [])], user ? { env: { LAKEFORM_TRINO_USER: user } } : {});

/** `plan --json` of a large seed is megabytes: more than runCli's default output buffer. */
function planJson(user: string): Plan {
  const r = spawnSync(process.execPath, [CLI, "plan", "--json", dir, "--no-run-log"], { env: { ...process.env, LAKEFORM_TRINO_USER: user }, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Plan;
}

/** The run's statements from Trino's query log must all be in the plan printed before it. */
async function planThenRun(round: string): Promise<{ plan: Plan; executed: string[] }> {
  const plan = planJson(`${id}_plan_${round}`);
  const user = `${id}_run_${round}`;
  const r = cli(["run"], user);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  // Statements are compared by hash: a large seed's are a megabyte each.
  const log = await q(`SELECT to_hex(sha256(to_utf8(query))), state, substr(query, 1, 200) FROM system.runtime.queries WHERE "user" = '${user}' ORDER BY created`);
  expect(log.filter((row) => row[1] !== "FINISHED")).toEqual([]);
  const sha = (sql: string) => createHash("sha256").update(sql, "utf8").digest("hex").toUpperCase();
  const planned = new Map([...plan.introspection, ...plan.schemas, ...plan.tasks.flatMap((t) => t.statements)].map((s) => [sha(s.sql), s.sql]));
  expect(log.filter((row) => !planned.has(String(row[0]))).map((row) => row[2])).toEqual([]);
  return { plan, executed: log.map((row) => planned.get(String(row[0])) ?? "") };
}

beforeAll(() => {
  write("dataform.json", JSON.stringify({ warehouse: "trino", defaultDatabase: "iceberg", defaultSchema: schema, assertionSchema: checks, lakeform: { locationBase: "s3://warehouse" } }));
  write("seeds/mf.csv", CSV);
  write("seeds/mf.yaml", YAML);
  write("definitions/classes.sqlx", 'config { type: "table" }\nSELECT municipio, uf, 4 * modulo_fiscal_ha AS pequena_ate_ha FROM ${ref("mf")}\n');
});

afterAll(async () => {
  await dropSchemas(client, [schema, checks]);
  rmSync(dir, { recursive: true, force: true });
});

describe("seeds on Trino", () => {
  it("compile lists the seed with its types; lineage shows seed → model", () => {
    const c = cli(["compile", "--json"]);
    expect(c.status, c.stderr).toBe(0);
    const graph = JSON.parse(c.stdout) as { actions: { key: string; kind: string; seedColumns?: { name: string; type: string }[]; rowCount?: number }[] };
    const seed = graph.actions.find((a) => a.kind === "seed");
    expect(seed?.key).toBe(`iceberg.${schema}.mf`);
    expect(seed?.rowCount).toBe(3);
    expect(seed?.seedColumns?.map((x) => x.type)).toEqual(["varchar(7)", "varchar", "varchar", "integer"]);
    const l = runCli(["lineage", dir, "--format", "json"]);
    expect(l.status, l.stderr).toBe(0);
    const lineage = JSON.parse(l.stdout) as { nodes: { id: string; kind: string }[]; edges: { from: string; to: string; kind: string }[] };
    expect(lineage.nodes.find((n) => n.id === `iceberg.${schema}.mf`)?.kind).toBe("seed");
    expect(lineage.edges).toContainEqual(expect.objectContaining({ from: `iceberg.${schema}.mf`, to: `iceberg.${schema}.classes`, kind: "feeds" }));
  });

  it("the first run builds the seed, its model and its checks", async () => {
    const { plan } = await planThenRun("1");
    expect(plan.tasks.find((t) => t.kind === "seed")?.mode).toBe("seed");
    expect(await q(`SELECT codigo_ibge, municipio, uf, modulo_fiscal_ha FROM ${SEED} ORDER BY codigo_ibge`)).toEqual([
      ["3543402", "Ribeirão Preto", "SP", 10],
      ["4104808", "Cascavel", "PR", 18],
      ["5107925", "Sorriso", "MT", 90],
    ]);
    const types = await q(`SELECT column_name, data_type FROM iceberg.information_schema.columns WHERE table_schema = '${schema}' AND table_name = 'mf' ORDER BY ordinal_position`);
    // Iceberg has no bounded varchar: varchar(7) is checked at compile time and stored as varchar.
    expect(types).toEqual([["codigo_ibge", "varchar"], ["municipio", "varchar"], ["uf", "varchar"], ["modulo_fiscal_ha", "integer"]]);
    expect(await q(`SELECT pequena_ate_ha FROM iceberg."${schema}".classes WHERE municipio = 'Sorriso'`)).toEqual([[360]]);
    expect(await snapshots("mf")).toHaveLength(1);
  });

  it("a second run is a no-op for the seed: no new snapshot; the hash read is in the plan", async () => {
    const before = await snapshots("mf");
    const { plan, executed } = await planThenRun("2");
    const task = plan.tasks.find((t) => t.kind === "seed");
    expect(task?.mode).toBe("seed-unchanged");
    expect(task?.statements).toEqual([]);
    const hashRead = plan.introspection.find((s) => s.sql.includes('"mf$properties"'));
    expect(hashRead).toBeDefined();
    expect(executed).toContain(hashRead?.sql);
    expect(await snapshots("mf")).toEqual(before);
    // its checks still run (and pass)
    expect(plan.tasks.filter((t) => t.kind === "assertion").map((t) => t.dependsOn)).toEqual([[`iceberg.${schema}.mf`], [`iceberg.${schema}.mf`]]);
  });

  it("an edited CSV rebuilds the seed in one new snapshot", async () => {
    const before = await snapshots("mf");
    write("seeds/mf.csv", CSV.replace("Cascavel,PR,18", "Cascavel,PR,20"));
    const { plan } = await planThenRun("3");
    expect(plan.tasks.find((t) => t.kind === "seed")?.mode).toBe("seed");
    const after = await snapshots("mf");
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after).toHaveLength(before.length + 1);
    expect(await q(`SELECT modulo_fiscal_ha FROM ${SEED} WHERE municipio = 'Cascavel'`)).toEqual([[20]]);
  });

  it("a large seed is written in batches under Trino's statement limit, then left alone", async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `${i},Município número ${i} d'Oeste,MT,${5 + (i % 100)}`).join("\n");
    write("seeds/big.csv", `codigo,municipio,uf,ha\n${rows}\n`);
    const { plan } = await planThenRun("4");
    const task = plan.tasks.find((t) => t.key.endsWith(".big"));
    const roles = task?.statements.map((s) => s.role) ?? [];
    expect(roles.filter((r) => r === "insert").length).toBeGreaterThan(0);
    expect(roles.at(-2)).toBe("comment"); // the hash, after every row (then the snapshot read)
    for (const s of task?.statements ?? []) expect(s.sql.length).toBeLessThanOrEqual(1_000_000);
    expect(await q(`SELECT count(*), count(DISTINCT codigo), sum(codigo) FROM iceberg."${schema}".big`)).toEqual([[30_000n, 30_000n, BigInt((29_999 * 30_000) / 2)]]);
    const before = await snapshots("big");
    const again = await planThenRun("5");
    expect(again.plan.tasks.find((t) => t.key.endsWith(".big"))?.mode).toBe("seed-unchanged");
    expect(await snapshots("big")).toEqual(before);
  });

  it("a non-numeric value in an integer column fails compile and run with its location", async () => {
    const before = await snapshots("mf");
    write("seeds/mf.csv", CSV.replace("Sorriso,MT,90", "Sorriso,MT,noventa"));
    const c = cli(["compile"]);
    expect(c.status).not.toBe(0);
    expect(c.stdout + c.stderr).toContain('seeds/mf.csv:2:20: error seed-value: "noventa" in column "modulo_fiscal_ha" is not an integer (the column is integer)');
    const r = cli(["run"]);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("seeds/mf.csv:2:20");
    expect(await snapshots("mf")).toEqual(before);
  });
});
