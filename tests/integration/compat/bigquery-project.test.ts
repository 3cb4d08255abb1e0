import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropSchemas, REPO_ROOT, runCli, trino, uniqueName } from "../helpers.js";

// Issue 16's acceptance: a Dataform v3 project written for BigQuery (27 files: partitioned and
// clustered tables, incrementals, assertions, vars, includes, JS definitions) is migrated with
// `lakeform migrate --from bigquery --write` on a temp copy and then runs on the real stack.
const FIXTURE = resolve(REPO_ROOT, "tests/fixtures/dataform-compat/bigquery-shop");
const suffix = uniqueName("compat");
const raw = `compat_raw_${suffix.slice("compat_".length)}`;
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const shop = `iceberg."compat_shop_${suffix}"`;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

let dir = "";

interface RunSummary {
  readonly status: string;
  readonly outcomes: readonly { readonly action: { readonly key: string }; readonly status: string }[];
}

function run(): RunSummary {
  const r = runCli(["run", dir, "--schema-suffix", suffix, "--json"]);
  expect(r.status, r.stderr + r.stdout.slice(0, 4000)).toBe(0);
  return JSON.parse(r.stdout) as RunSummary;
}

async function loadRaw(): Promise<void> {
  const t = (name: string) => `iceberg."${raw}".${name}`;
  await client.query(`CREATE SCHEMA iceberg."${raw}" WITH (location = 's3://warehouse/${raw}')`);
  await client.query(`CREATE TABLE ${t("customers")} AS SELECT * FROM (VALUES
    (BIGINT '1', ' Ana@X.com ', 'BR', TIMESTAMP '2023-05-01 10:00:00.000000', TIMESTAMP '2024-01-01 00:00:00.000000'),
    (1, 'ana@x.com', 'BR', TIMESTAMP '2023-05-01 10:00:00.000000', TIMESTAMP '2024-02-01 00:00:00.000000'),
    (2, 'bob@y.com', NULL, TIMESTAMP '2023-06-01 10:00:00.000000', TIMESTAMP '2024-01-05 00:00:00.000000'),
    (3, 'cai@z.com', 'US', TIMESTAMP '2023-07-01 10:00:00.000000', TIMESTAMP '2024-01-07 00:00:00.000000')) v(customer_id, email, country, signup_ts, updated_at)`);
  await client.query(`CREATE TABLE ${t("products")} AS SELECT * FROM (VALUES (BIGINT '10', 'Widget', 'tools', '9.5'), (11, 'Gadget', 'tools', '20'), (12, 'Book', 'media', 'n/a')) v(product_id, name, category, price)`);
  await client.query(`CREATE TABLE ${t("orders")} AS SELECT * FROM (VALUES
    (BIGINT '100', BIGINT '1', 'paid', 'web', TIMESTAMP '2024-02-01 10:00:00.000000', TIMESTAMP '2024-02-01 10:00:00.000000'),
    (101, 1, 'shipped', 'app', TIMESTAMP '2024-02-02 11:00:00.000000', TIMESTAMP '2024-02-03 09:00:00.000000'),
    (102, 2, 'cancelled', 'store', TIMESTAMP '2024-02-02 12:00:00.000000', TIMESTAMP '2024-02-02 12:00:00.000000'),
    (103, 3, 'paid', 'web', TIMESTAMP '2024-03-05 08:00:00.000000', TIMESTAMP '2024-03-05 08:00:00.000000'),
    (99, 3, 'paid', 'web', TIMESTAMP '2023-12-31 08:00:00.000000', TIMESTAMP '2023-12-31 08:00:00.000000')) v(order_id, customer_id, status, channel, ordered_at, updated_at)`);
  await client.query(`CREATE TABLE ${t("order_items")} AS SELECT * FROM (VALUES
    (BIGINT '100', BIGINT '10', '2', 9.5E0), (100, 11, '1', 20.0E0), (101, 12, '3', 5.0E0), (102, 10, '1', 9.5E0), (103, 11, '2', 20.0E0), (99, 10, '1', 9.5E0)) v(order_id, product_id, quantity, unit_price)`);
  await client.query(`CREATE TABLE ${t("events")} AS SELECT * FROM (VALUES
    ('e1', BIGINT '1', 'view', TIMESTAMP '2024-02-01 09:00:00.000000', ARRAY['p10', 'p11']),
    ('e2', 1, 'cart', TIMESTAMP '2024-02-01 09:05:00.000000', ARRAY['p10']),
    ('e3', 2, 'view', TIMESTAMP '2024-02-02 12:00:00.000000', ARRAY['p12'])) v(event_id, customer_id, event_type, event_ts, items)`);
}

/** Revenue per day and channel computed straight from the raw tables, independently of the project. */
const expectedRevenue = () =>
  q(`SELECT CAST(o.ordered_at AS DATE), o.channel, round(sum(CAST(i.quantity AS BIGINT) * i.unit_price), 2)
     FROM iceberg."${raw}".orders o JOIN iceberg."${raw}".order_items i ON i.order_id = o.order_id
     WHERE o.status <> 'cancelled' AND CAST(o.ordered_at AS DATE) >= DATE '2024-01-01'
     GROUP BY 1, 2 ORDER BY 1, 2`);

describe("a Dataform v3 BigQuery project, migrated, runs on Trino", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lakeform-compat-"));
    cpSync(FIXTURE, dir, { recursive: true });
    // Its own raw dataset, so parallel runs and other engineers' tests never collide.
    for (const f of files(dir)) writeFileSync(f, readFileSync(f, "utf8").replaceAll("compat_raw", raw));
    await loadRaw();
  });

  afterAll(async () => {
    await dropSchemas(client, [`compat_shop_${suffix}`, `compat_shop_assertions_${suffix}`, `compat_reports_${suffix}`, raw]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("compiles unchanged with warnings only", () => {
    const r = runCli(["compile", dir]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toMatch(/0 error\(s\), [1-9]\d* warning\(s\)/);
  });

  it("migrate is a dry run by default and reports per file", () => {
    const before = files(dir).map((f) => readFileSync(f, "utf8"));
    const r = runCli(["migrate", dir, "--from", "bigquery"]);
    expect(r.status, r.stderr).toBe(0);
    expect(files(dir).map((f) => readFileSync(f, "utf8"))).toEqual(before);
    expect(r.stdout).toContain('definitions/marts/fct_orders.sqlx:4: config: partitionBy "DATE(ordered_at)" → iceberg.partitioning ["day(ordered_at)"]');
    expect(r.stdout).toMatch(/Would change \d+ of 27 file\(s\); 0 thing\(s\) to translate by hand/);
  });

  it("migrate --write leaves a project that compiles for Trino without warnings", () => {
    const r = runCli(["migrate", dir, "--from", "bigquery", "--write"]);
    expect(r.status, r.stderr).toBe(0);
    const settings = readFileSync(join(dir, "workflow_settings.yaml"), "utf8");
    expect(settings).toContain("defaultProject: iceberg");
    const c = runCli(["compile", dir]);
    expect(c.status, c.stdout + c.stderr).toBe(0);
    expect(c.stdout + c.stderr).not.toMatch(/warning|error/);
    expect(c.stdout).toMatch(/Compiled 36 action\(s\)/);
  });

  it("lakeform run builds everything and every assertion passes on the loaded data", async () => {
    const summary = run();
    expect(summary.status).toBe("success");
    expect(summary.outcomes.filter((o) => o.status !== "success").map((o) => [o.action.key, o.status])).toEqual([]);
    expect(summary.outcomes.filter((o) => o.action.key.includes("_assertions_")).length).toBeGreaterThanOrEqual(13);
    expect(await q(`SELECT order_date, channel, revenue FROM ${shop}.daily_revenue ORDER BY 1, 2`)).toEqual(await expectedRevenue());
    const partitioning = await q(`SELECT partition FROM ${shop}."fct_orders$partitions"`);
    expect(partitioning.length).toBe(3); // day(ordered_at): three order days
    // BigQuery's DAYOFWEEK counts from Sunday = 1; 2024-02-01 was a Thursday.
    expect(await q(`SELECT first_day_of_week FROM ${shop}.funnel WHERE event_type = 'cart'`)).toEqual([[5n]]);
  });

  it("a second run merges new and changed rows into the incrementals", async () => {
    await client.query(`UPDATE iceberg."${raw}".orders SET status = 'shipped', updated_at = TIMESTAMP '2024-03-06 00:00:00.000000' WHERE order_id = 103`);
    await client.query(`INSERT INTO iceberg."${raw}".orders VALUES (104, 2, 'paid', 'store', TIMESTAMP '2024-03-06 09:00:00.000000', TIMESTAMP '2024-03-06 09:00:00.000000')`);
    await client.query(`INSERT INTO iceberg."${raw}".order_items VALUES (104, 12, '4', 5.0E0)`);
    await client.query(`INSERT INTO iceberg."${raw}".events VALUES ('e4', 2, 'cart', TIMESTAMP '2024-03-06 09:00:00.000000', ARRAY['p12'])`);
    const summary = run();
    expect(summary.outcomes.filter((o) => o.status !== "success").map((o) => [o.action.key, o.status])).toEqual([]);
    expect(await q(`SELECT order_id, status FROM ${shop}.fct_orders WHERE order_id IN (103, 104) ORDER BY 1`)).toEqual([[103n, "shipped"], [104n, "paid"]]);
    expect(await q(`SELECT count(*) FROM ${shop}.stg_events`)).toEqual([[5n]]);
    // daily_revenue only re-aggregates days from its high-water mark on: 2024-03-06 is new.
    expect(await q(`SELECT order_date, channel, revenue FROM ${shop}.daily_revenue WHERE order_date >= DATE '2024-03-06' ORDER BY 1, 2`)).toEqual(
      (await expectedRevenue()).filter((r) => String(r[0]) >= "2024-03-06"),
    );
  });
});
