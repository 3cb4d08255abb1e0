import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUN_LOG_TABLES } from "../../../src/plan/run-log.js";
import { COLUMN_TYPES, goldenCases, type GoldenCase } from "../../unit/dialect/golden-cases.js";
import { dropSchemas, REPO_ROOT, trino, uniqueName } from "../helpers.js";

// Every golden SQL file (tests/golden/trino, the shapes the unit tier pins) executed on the real
// Trino 476 + Iceberg, statement by statement, in the warehouse state its case describes. The
// files' catalog "lake" and schemas are renamed to this test's own (`"lake"."silver"` →
// `"iceberg"."<id>_<case>_silver"`); every file must contain what is renamed and nothing else
// of "lake" may remain.
const GOLDEN_DIR = join(REPO_ROOT, "tests", "golden", "trino");
const id = uniqueName("arch_golden");
const client = trino();
const created = new Set<string>();
const servingSchemas = new Set<string>();

async function servingSchema(name: string): Promise<void> {
  if (servingSchemas.has(name)) return;
  await ddl(`CREATE SCHEMA IF NOT EXISTS serving."${name}"`);
  servingSchemas.add(name);
}

async function dropServingSchemas(): Promise<void> {
  for (const s of servingSchemas) {
    const rels = await client.query(`SELECT table_name FROM serving.information_schema.tables WHERE table_schema = '${s}'`).then((r) => r.rows, () => []);
    for (const [name] of rels) await client.query(`DROP TABLE IF EXISTS serving."${s}"."${String(name)}"`).catch(() => {});
    await client.query(`DROP SCHEMA IF EXISTS serving."${s}"`).catch(() => {});
  }
}

/** Bronze is read-only and shared by the cases; every other schema is the case's own. */
const schemaOf = (n: number, schema: string) => (schema === "bronze" ? `${id}_bronze` : `${id}_${n}_${schema}`);

function retarget(text: string, n: number): string {
  const out = text
    .replace(/"lake"\."((?:[^"]|"")+)"/g, (_m, s: string) => `"iceberg"."${schemaOf(n, s)}"`)
    // "serve" is a PostgreSQL catalog in the golden cases: the stack's `serving`.
    .replace(/"serve"\."((?:[^"]|"")+)"/g, (_m, s: string) => `"serving"."${schemaOf(n, s)}"`)
    .replace(/'s3:\/\/warehouse\/(\w+)'/g, (_m, s: string) => `'s3://warehouse/${schemaOf(n, s)}'`)
    .replace(/"lake"\.information_schema/g, `"iceberg".information_schema`);
  expect(out).not.toMatch(/"lake"/);
  return out;
}

interface Statement {
  readonly role: string;
  readonly sql: string;
  readonly parameter: boolean;
}

/** The file's `-- role` blocks, in order (header comments dropped). */
function statementsOf(text: string): Statement[] {
  return text
    .split(/\n\n(?=-- [a-z-]+(?: \(|\n))/)
    .filter((block) => /^-- [a-z-]+(?: \(.*\))?\n/.test(block) && !block.split("\n").slice(1).every((l) => l.startsWith("--") || l.trim() === ""))
    .map((block) => {
      const [head = "", ...body] = block.split("\n");
      return { role: head.replace(/^-- ([a-z-]+).*$/, "$1"), sql: body.join("\n").trim().replace(/;$/, ""), parameter: head.includes("(? =") };
    });
}

const cols = (names: readonly string[]) => names.map((c) => `"${c}" ${COLUMN_TYPES[c] ?? "varchar"}`).join(", ");
/** The fixture relations every case may read, created unless they are the case's target. */
const FIXTURE: Record<string, { schema: string; columns: readonly string[] }> = {
  loans: { schema: "silver", columns: ["loan_id", "farmer_id", "region", "amount", "issued_at", "balance", "updated_at", "status_date", "status", "first_seen_at"] },
  farmers: { schema: "silver", columns: ["farmer_id", "name", "region"] },
  exposure_by_region: { schema: "gold", columns: ["region", "exposure"] },
};
/** Columns of a target whose state says it exists with unknown (empty) columns. */
const MODEL_COLUMNS: Record<string, readonly string[]> = { loan_events: ["event_id", "loan_id", "ts"] };

async function ddl(sql: string): Promise<void> {
  await client.query(sql);
}

async function schema(name: string): Promise<void> {
  if (created.has(name)) return;
  await ddl(`CREATE SCHEMA IF NOT EXISTS iceberg."${name}" WITH (location = 's3://warehouse/${name}')`);
  created.add(name);
}

/** The warehouse as the case's `state` says, plus the fixture relations the file reads. */
async function arrange(c: GoldenCase, n: number, sql: string): Promise<void> {
  for (const s of ["silver", "gold", "quality", "select"]) if (sql.includes(`"iceberg"."${schemaOf(n, s)}"`)) await schema(schemaOf(n, s));
  const served = c.key.startsWith("serve.");
  if (served) await servingSchema(schemaOf(n, c.key.split(".")[1] ?? ""));
  const [, targetSchema, targetName] = c.key.split(".");
  // Maintenance runs on an existing table; every other case builds its target as `state` says.
  const buildsTarget = c.special !== "maintenance" && c.special !== "maintenance-orphans";
  for (const [name, f] of Object.entries(FIXTURE)) {
    if (buildsTarget && name === targetName && f.schema === targetSchema) continue;
    if (!sql.includes(`"${schemaOf(n, f.schema)}"."${name}"`)) continue;
    await ddl(`CREATE TABLE iceberg."${schemaOf(n, f.schema)}"."${name}" (${cols(f.columns)})`);
    if (name === "loans") await ddl(`INSERT INTO iceberg."${schemaOf(n, "silver")}".loans (loan_id, farmer_id, region, amount, issued_at) VALUES (1, 1, 'S', 10.00, TIMESTAMP '2026-01-02 00:00:00 UTC')`);
  }
  if (!c.state?.exists || !targetSchema || !targetName) return;
  const target = `${served ? "serving" : "iceberg"}."${schemaOf(n, targetSchema)}"."${targetName.replaceAll('"', '""')}"`;
  if (c.state.kind === "view") return ddl(`CREATE VIEW ${target} AS SELECT 1 AS x`);
  const columns = c.state.columns?.length ? c.state.columns.map((x) => `"${x.name}" ${x.type}`).join(", ") : cols(MODEL_COLUMNS[targetName] ?? FIXTURE[targetName]?.columns ?? ["x"]);
  await ddl(`CREATE TABLE ${target} (${columns})`);
}

/** One row per column of the run-log table, typed by the column: a real row for the JSON parameter. */
function runLogParameter(sql: string): string {
  const table = Object.values(RUN_LOG_TABLES).find((t) => sql.includes(`."${t.name}" (`));
  if (!table) throw new Error(`no run-log table in ${sql.slice(0, 120)}`);
  const value = (type: string, json: string) =>
    json === "iso-timestamp" ? "2026-12-02T03:00:00.000Z" : type === "varchar" ? "golden" : type === "boolean" ? true : type.startsWith("array") ? ["q1", "q2"] : 7;
  return JSON.stringify([Object.fromEntries(table.columns.map((c) => [c.name, value(c.type, c.json)]))]);
}

describe("every golden SQL file runs on Trino", () => {
  beforeAll(async () => {
    await schema(`${id}_bronze`);
    await ddl(`CREATE TABLE iceberg."${id}_bronze".raw_loans (${cols(["event_id", "loan_id", "farmer_id", "region", "amount", "issued_at", "ts"])})`);
    await ddl(`INSERT INTO iceberg."${id}_bronze".raw_loans VALUES (1, 1, 1, 'S', 10.00, TIMESTAMP '2026-01-02 00:00:00 UTC', TIMESTAMP '2026-01-02 00:00:00')`);
    await ddl(`CREATE TABLE iceberg."${id}_bronze".raw_farmers (${cols(["farmer_id", "name", "region"])})`);
    await ddl(`INSERT INTO iceberg."${id}_bronze".raw_farmers VALUES (1, 'ana', 'S')`);
  });
  afterAll(async () => {
    await dropSchemas(client, created);
    await dropServingSchemas();
  });

  it("covers every file in tests/golden/trino", () => {
    expect(readdirSync(GOLDEN_DIR).sort()).toEqual(goldenCases.map((c) => `${c.name}.sql`).sort());
  });

  goldenCases.forEach((c, n) => {
    it(c.name, async () => {
      const text = retarget(readFileSync(join(GOLDEN_DIR, `${c.name}.sql`), "utf8"), n);
      const statements = statementsOf(text);
      // Files of plans refused with a diagnostic have no statement; the rest have at least one.
      expect(statements.length === 0).toBe(/^-- diagnostic: .* error /m.test(text));
      if (statements.length === 0) return; // nothing is executed when the plan refuses
      await arrange(c, n, text);
      for (const s of statements) {
        for (const m of s.sql.matchAll(/"iceberg"\."([^"]+)"/g)) created.add(m[1] ?? ""); // for the cleanup
        const r = await client.query(s.sql, s.parameter ? { parameters: [runLogParameter(s.sql)] } : {}).catch((e: unknown) => {
          throw new Error(`${c.name}, ${s.role}: ${e instanceof Error ? e.message : String(e)}\n${s.sql}`);
        });
        if (s.role === "assertion" || s.role === "test") expect(r.rows.length, s.sql).toBe(1);
        if (s.parameter) expect(r.updateCount).toBe(1);
      }
    });
  });
});
