/**
 * `npm run bench:publish`: how `run --audit` can publish a staging table into production on
 * Trino 476 + Iceberg, measured in the same run on a table of BENCH_ROWS rows (default 2M):
 *
 *  A. `CREATE OR REPLACE TABLE prod AS SELECT * FROM staging` — one Iceberg commit (what
 *     `--audit` does): rewrites the data, keeps prod's history.
 *  B. `ALTER TABLE prod RENAME TO old; ALTER TABLE staging RENAME TO prod; DROP TABLE old` —
 *     metadata only, but two catalog operations: a window with no `prod`.
 *  C. `system.unregister_table` + `system.register_table` (prod's name on staging's metadata) —
 *     metadata only, two calls as well; needs `iceberg.register-table-procedure.enabled=true`.
 *
 * While each publish runs, a reader polls `SELECT count(*) FROM prod` and counts what it saw:
 * complete versions, errors (no table), wrong counts. Figures, no asserts. BENCH_REPEAT (3).
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as TrinoMod from "../src/adapters/trino/client.js";
import type * as ConnMod from "../src/config/connection.js";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const { TrinoClient } = await load<typeof TrinoMod>("adapters/trino/client.js");
const { resolveConnections } = await load<typeof ConnMod>("config/connection.js");

const ROWS = Number(process.env["BENCH_ROWS"] ?? "2000000");
const REPEAT = Number(process.env["BENCH_REPEAT"] ?? "3");
const SCHEMA = `team_bench_publish_${process.pid}`;
const client = new TrinoClient(resolveConnections(REPO).trino);
const q = (sql: string) => client.query(sql);
const t = (name: string) => `iceberg."${SCHEMA}"."${name}"`;

interface Reads {
  ok: number;
  errors: number;
  wrong: number;
  firstError?: string;
}

async function reader(expect: ReadonlySet<number>, stop: { done: boolean }): Promise<Reads> {
  const r: Reads = { ok: 0, errors: 0, wrong: 0 };
  while (!stop.done) {
    try {
      const n = Number((await q(`SELECT count(*) FROM ${t("prod")}`)).rows[0]?.[0]);
      if (expect.has(n)) r.ok++;
      else r.wrong++;
    } catch (e) {
      r.errors++;
      r.firstError ??= String(e).split("\n")[0]?.slice(0, 160);
    }
  }
  return r;
}

async function measure(name: string, setup: () => Promise<void>, publish: () => Promise<void>): Promise<{ ms: number[]; reads: Reads; failed?: string }> {
  const ms: number[] = [];
  const total: Reads = { ok: 0, errors: 0, wrong: 0 };
  for (let i = 0; i < REPEAT; i++) {
    await setup();
    const stop = { done: false };
    const reading = reader(new Set([ROWS, ROWS + 1]), stop);
    const start = performance.now();
    try {
      await publish();
    } catch (e) {
      stop.done = true;
      await reading;
      return { ms, reads: total, failed: String(e).split("\n")[0]?.slice(0, 240) };
    }
    ms.push(performance.now() - start);
    // A few reads after the publish too: the reader must see the new version.
    await new Promise((res) => setTimeout(res, 300));
    stop.done = true;
    const r = await reading;
    total.ok += r.ok;
    total.errors += r.errors;
    total.wrong += r.wrong;
    total.firstError ??= r.firstError;
  }
  console.log(`${name}: done`);
  return { ms, reads: total };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

await q(`CREATE SCHEMA IF NOT EXISTS iceberg."${SCHEMA}" WITH (location = 's3://warehouse/${SCHEMA}')`);
try {
  // sequence() stops at 10,000 entries: thousands × units.
  const n = "(y * 1000 + x + 1)";
  await q(`CREATE TABLE ${t("source")} AS SELECT ${n} AS id, ${n} % 97 AS k, CAST(${n} AS varchar) AS payload FROM UNNEST(sequence(0, 999)) AS a(x) CROSS JOIN UNNEST(sequence(0, ${Math.ceil(ROWS / 1000) - 1})) AS b(y) WHERE ${n} <= ${ROWS}`);
  // Production has ROWS rows; every staging version has ROWS + 1, so a reader tells them apart.
  const resetProd = async () => {
    await q(`CREATE OR REPLACE TABLE ${t("prod")} AS SELECT * FROM ${t("source")}`);
    await q(`CREATE OR REPLACE TABLE ${t("staging")} AS SELECT * FROM ${t("source")} UNION ALL SELECT 0, 0, 'new'`);
  };
  const results = {
    "A create-or-replace": await measure("A", resetProd, async () => {
      await q(`CREATE OR REPLACE TABLE ${t("prod")} AS SELECT * FROM ${t("staging")}`);
    }),
    "B rename twice": await measure(
      "B",
      async () => {
        await q(`DROP TABLE IF EXISTS ${t("old")}`);
        await resetProd();
      },
      async () => {
        await q(`ALTER TABLE ${t("prod")} RENAME TO ${t("old")}`);
        await q(`ALTER TABLE ${t("staging")} RENAME TO ${t("prod")}`);
        await q(`DROP TABLE ${t("old")}`);
      },
    ),
    "C unregister + register": await measure("C", resetProd, async () => {
      const meta = await q(`SELECT file FROM ${t("staging$metadata_log_entries")} ORDER BY timestamp DESC LIMIT 1`).catch(() => undefined);
      const location = String(meta?.rows[0]?.[0] ?? "").replace(/\/metadata\/[^/]+$/, "");
      // Probe first under another name: a refused register_table must not leave prod unregistered.
      await q(`CALL iceberg.system.register_table(schema_name => '${SCHEMA}', table_name => 'probe', table_location => '${location}')`);
      await q(`CALL iceberg.system.unregister_table(schema_name => '${SCHEMA}', table_name => 'probe')`);
      await q(`CALL iceberg.system.unregister_table(schema_name => '${SCHEMA}', table_name => 'prod')`);
      await q(`CALL iceberg.system.register_table(schema_name => '${SCHEMA}', table_name => 'prod', table_location => '${location}')`);
    }),
  };
  const a = median(results["A create-or-replace"].ms);
  console.log(`\npublish of a ${ROWS.toLocaleString("en")}-row table, ${REPEAT} rounds, reader polling count(*) during each publish`);
  for (const [name, r] of Object.entries(results)) {
    const m = median(r.ms);
    const reads = `${r.reads.ok} complete reads, ${r.reads.errors} errors, ${r.reads.wrong} wrong counts${r.reads.firstError ? ` (first error: ${r.reads.firstError})` : ""}`;
    console.log(r.failed ? `${name}: REFUSED — ${r.failed}` : `${name}: median ${m.toFixed(0)} ms (${(m / a).toFixed(2)}× A); ${reads}`);
  }
} finally {
  for (const n of ["source", "prod", "staging", "old"]) await q(`DROP TABLE IF EXISTS ${t(n)}`).catch(() => {});
  await q(`DROP SCHEMA IF EXISTS iceberg."${SCHEMA}"`).catch(() => {});
}
