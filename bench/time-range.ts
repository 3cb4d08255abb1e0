/**
 * `npm run bench:time-range`: one time-range model (daily batches over `event_ts`, lookback 3)
 * built by Lakeform and by dbt-trino's microbatch strategy on the same Trino, over the same
 * source table, in one run:
 *   1. source: BENCH_ROWS rows over the 33 days ending today, generated inside Trino;
 *   2. backfill of 30 days (today-32 … today-3) into a new table:
 *      Lakeform `run --start --end` · dbt `run --event-time-start --event-time-end`;
 *   3. the same 30 days again into the existing table (restatement):
 *      Lakeform `run --start --end --restate` (one MERGE per day) · dbt the same microbatch run;
 *   4. a daily run (new rows for the last 3 days + late rows 3 days back) with lookback 3:
 *      Lakeform `run` · dbt `run` (both re-process today-3 … today);
 * then the two targets are compared (EXCEPT ALL both ways) and the schemas dropped.
 * For every CLI run: wall time, Trino CPU and physical input bytes (sum over the tool's queries,
 * matched by a per-tool Trino user; stats from `GET /v1/query/{id}`), data files added and commits
 * on the target (Iceberg `$snapshots`), and — Lakeform only — the commits on its interval log.
 * Ratios are Lakeform / dbt. Not a test: numbers, no asserts.
 *
 * SQLMesh 0.236.4 (INCREMENTAL_BY_TIME_RANGE, same model, lookback 3, DuckDB local state, its
 * physical table in bench_tr_sqlmesh_physical behind a view in bench_tr_sqlmesh) is the third peer:
 *   backfill `sqlmesh plan --execution-time <midnight after the 30 days>` (a production plan refuses
 *   --start/--end without restatements) · restatement `sqlmesh plan --restate-model … --start --end`
 *   · daily run `sqlmesh run --ignore-cron` (the model allows partial intervals, as the others do).
 * SQLMesh's figures count its physical table's commits; it runs without a `batch_size`, i.e. one
 * DELETE + INSERT per plan/run over the whole range (its default).
 *
 * Env: BENCH_ROWS (default 3000000)  BENCH_CONCURRENCY (Lakeform batchConcurrency, default 4)
 *      BENCH_KEEP=1 (keep the bench_tr_* schemas)  DBT_VENV (default ~/.cache/lakeform/peers/dbt-venv)
 *      SQLMESH_VENV (default ~/.cache/lakeform/peers/sqlmesh-venv; provisioned when missing).
 * Needs `npm run build` (the npm script does it), the local stack, and dbt-trino in DBT_VENV
 * (provisioned like bench/incremental-vs-dbt.ts does: pip install dbt-trino==1.11.0 dbt-core==1.11.16).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as TrinoMod from "../src/adapters/trino/client.js";
import type * as ConnMod from "../src/config/connection.js";
import type * as SqlmeshPeer from "./sqlmesh-peer.ts";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const { SQLMESH_VENV, provisionSqlmesh, sqlmeshEnv } = (await import(new URL("./sqlmesh-peer.ts", import.meta.url).href)) as typeof SqlmeshPeer;
const [{ TrinoClient }, { resolveConnections }] = await Promise.all([load<typeof TrinoMod>("adapters/trino/client.js"), load<typeof ConnMod>("config/connection.js")]);

const DBT_PINS = ["dbt-trino==1.11.0", "dbt-core==1.11.16"];
const DBT_VENV = process.env.DBT_VENV ?? join(homedir(), ".cache/lakeform/peers/dbt-venv");
const ROWS = Number(process.env.BENCH_ROWS ?? 3_000_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const KEEP = process.env.BENCH_KEEP === "1";
const CAT = "iceberg";
const SRC = "bench_tr_src";
const LF = "bench_tr_lf";
const DBT = "bench_tr_dbt";
const SM = "bench_tr_sqlmesh";
const SM_PHYSICAL = "bench_tr_sqlmesh_physical";
const MODEL = "events_daily";
const RUN = Date.now().toString(36);
const USERS = { lakeform: `bench_tr_lf_${RUN}`, dbt: `bench_tr_dbt_${RUN}`, sqlmesh: `bench_tr_sqlmesh_${RUN}` } as const;
type Tool = keyof typeof USERS;
const WORK = join(REPO, "bench/.work/time-range");

const DAY = 86_400_000;
const TODAY = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
const day = (offset: number) => new Date(TODAY + offset * DAY).toISOString().slice(0, 10);
const BEGIN = day(-32);
const BACKFILL_END = day(-3); // inclusive: 30 days

const conn = resolveConnections(REPO);
const trinoUrl = new URL(conn.trino.url);
const trino = new TrinoClient({ ...conn.trino, user: `bench_tr_setup_${RUN}`, catalog: CAT, source: "lakeform-bench" });
const q = async (sql: string) => (await trino.query(sql)).rows;
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---- the model, written once for both tools --------------------------------------------------

const select = (source: string, where: string) => `SELECT
  id,
  event_ts,
  customer_id,
  amount,
  CASE WHEN amount >= 4000 THEN 'large' WHEN amount >= 1000 THEN 'medium' ELSE 'small' END AS amount_band
FROM ${source}${where}`;

function writeLakeformProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ warehouse: "trino", defaultDatabase: CAT, defaultSchema: LF, assertionSchema: `${LF}_assertions` }, null, 2));
  writeFileSync(join(dir, "definitions/events.sqlx"), `config { type: "declaration", schema: "${SRC}", name: "events" }\n`);
  writeFileSync(
    join(dir, `definitions/${MODEL}.sqlx`),
    `config { type: "incremental", timeColumn: "event_ts", batchSize: "1 day", begin: "${BEGIN}", lookback: 3, batchConcurrency: ${CONCURRENCY}, iceberg: { partitioning: ["day(event_ts)"] } }\n` +
      select('${ref("events")}', "\nWHERE event_ts >= ${incrementalStart()} AND event_ts < ${incrementalEnd()}") +
      "\n",
  );
}

function writeDbtProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "models"), { recursive: true });
  writeFileSync(join(dir, "dbt_project.yml"), `name: bench_tr\nversion: "1.0"\nconfig-version: 2\nprofile: bench_tr\nmodel-paths: ["models"]\nflags:\n  send_anonymous_usage_stats: false\n`);
  writeFileSync(
    join(dir, "profiles.yml"),
    `bench_tr:\n  target: bench\n  outputs:\n    bench:\n      type: trino\n      method: none\n      user: ${USERS.dbt}\n      host: ${trinoUrl.hostname}\n      port: ${trinoUrl.port || 8080}\n      http_scheme: ${trinoUrl.protocol.replace(":", "")}\n      database: ${CAT}\n      schema: ${DBT}\n      threads: 4\n`,
  );
  // event_time on the source: microbatch filters it to each batch by itself.
  writeFileSync(join(dir, "models/sources.yml"), `version: 2\nsources:\n  - name: ${SRC}\n    database: ${CAT}\n    schema: ${SRC}\n    tables:\n      - name: events\n        config:\n          event_time: event_ts\n`);
  writeFileSync(
    join(dir, `models/${MODEL}.sql`),
    `{{ config(materialized='incremental', incremental_strategy='microbatch', event_time='event_ts', batch_size='day', begin='${BEGIN}', lookback=3, properties={'partitioning': "ARRAY['day(event_ts)']"}) }}\n${select(`{{ source('${SRC}', 'events') }}`, "")}\n`,
  );
}

function writeSqlmeshProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "models"), { recursive: true });
  writeFileSync(
    join(dir, "config.yaml"),
    `gateways:\n  trino:\n    connection:\n      type: trino\n      host: ${trinoUrl.hostname}\n      port: ${trinoUrl.port || 8080}\n      user: ${USERS.sqlmesh}\n      catalog: ${CAT}\n      http_scheme: ${trinoUrl.protocol.replace(":", "")}\n      concurrent_tasks: 4\n    state_connection:\n      type: duckdb\n      database: ${join(dir, "state.db")}\ndefault_gateway: trino\nphysical_schema_mapping:\n  '^${SM}$': ${SM_PHYSICAL}\nmodel_defaults:\n  dialect: trino\n`,
  );
  writeFileSync(
    join(dir, `models/${MODEL}.sql`),
    `MODEL (\n  name ${SM}.${MODEL},\n  kind INCREMENTAL_BY_TIME_RANGE (\n    time_column event_ts,\n    lookback 3\n  ),\n  start '${BEGIN}',\n  cron '@daily',\n  allow_partials true,\n  partitioned_by (day(event_ts))\n);\n\n${select(`${CAT}.${SRC}.events`, "\nWHERE event_ts BETWEEN @start_dt AND @end_dt")}\n`,
  );
}

// ---- processes and Trino's query stats ----------------------------------------------------------

function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, out: r.stdout, err: r.stderr };
}
const dbtEnv = (): NodeJS.ProcessEnv => ({ ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: "false", DO_NOT_TRACK: "1", DBT_VERSION_CHECK: "false" });

function dbtVersion(): string {
  if (!existsSync(join(DBT_VENV, "bin/dbt"))) throw new Error(`no dbt in ${DBT_VENV}: python3 -m venv ${DBT_VENV} && ${DBT_VENV}/bin/pip install ${DBT_PINS.join(" ")}`);
  const v = sh(join(DBT_VENV, "bin/dbt"), ["--version"], dbtEnv());
  return `dbt-core ${/installed:\s*(\S+)/.exec(v.out)?.[1] ?? "?"}, dbt-trino ${/trino:\s*(\S+)/.exec(v.out)?.[1] ?? "?"}`;
}

const UNITS: Record<string, number> = { B: 1, kB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };
const bytes = (v: unknown) => {
  const m = /^([\d.]+)\s*([kMGT]?B)$/.exec(String(v));
  return m?.[1] && m[2] ? Number(m[1]) * (UNITS[m[2]] ?? NaN) : NaN;
};
const DURATIONS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const millis = (v: unknown) => {
  const m = /^([\d.]+)\s*(ns|us|ms|s|m|h|d)$/.exec(String(v));
  return m?.[1] && m[2] ? Number(m[1]) * (DURATIONS[m[2]] ?? NaN) : NaN;
};
async function rest(path: string): Promise<unknown> {
  const r = await fetch(new URL(path, conn.trino.url), { headers: { "X-Trino-User": `bench_tr_setup_${RUN}` } });
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
  return r.json();
}

interface QueryFigures {
  readonly cpuMs: number;
  readonly inputBytes: number;
}
async function queriesOf(user: string, since: Date): Promise<QueryFigures[]> {
  const list = (await rest("/v1/query")) as { queryId: string; session: { user: string }; queryStats: { createTime: string } }[];
  const mine = list.filter((x) => x.session.user === user && new Date(x.queryStats.createTime) >= since);
  const out: QueryFigures[] = [];
  for (const b of mine) {
    const d = (await rest(`/v1/query/${b.queryId}`)) as { queryStats: Record<string, unknown> };
    out.push({ cpuMs: millis(d.queryStats["totalCpuTime"]), inputBytes: bytes(d.queryStats["physicalInputDataSize"]) });
  }
  return out;
}

/** SQLMesh's physical table (the model's view points to it): `<schema>__<model>__<fingerprint>`. */
async function sqlmeshTable(): Promise<string | undefined> {
  const rows = await q(`SELECT table_name FROM ${CAT}.information_schema.tables WHERE table_schema = '${SM_PHYSICAL}' AND table_name LIKE '${SM}\\_\\_${MODEL}\\_\\_%' ESCAPE '\\'`);
  return rows.length === 1 ? String(rows[0]?.[0]) : undefined;
}

async function snapshotsOf(schema: string, table = MODEL): Promise<{ id: string; summary: Record<string, string> }[]> {
  const exists = await q(`SELECT count(*) FROM ${CAT}.information_schema.tables WHERE table_schema = '${schema}' AND table_name = '${table}'`);
  if (Number(exists[0]?.[0] ?? 0) === 0) return [];
  const rows = await q(`SELECT CAST(snapshot_id AS varchar), summary FROM ${CAT}.${schema}."${table}$snapshots"`);
  return rows.map((r) => ({ id: String(r[0]), summary: (r[1] ?? {}) as Record<string, string> }));
}
async function intervalLogCommits(): Promise<number> {
  const rows = await q(`SELECT count(*) FROM ${CAT}.lakeform."intervals$snapshots"`).catch(() => [[0]]);
  return Number(rows[0]?.[0] ?? 0);
}

interface Measured {
  readonly wallMs: number;
  readonly queries: number;
  readonly cpuMs: number;
  readonly inputBytes: number;
  readonly commits: number;
  readonly filesAdded: number;
  /** Iceberg delete files (MERGE's position deletes: atomic, but read until compaction). */
  readonly deleteFilesAdded: number;
  readonly logCommits: number;
}

async function measure(tool: Tool, args: readonly string[], dir: string): Promise<Measured> {
  const target = async (): Promise<[string, string] | undefined> => {
    if (tool !== "sqlmesh") return [tool === "lakeform" ? LF : DBT, MODEL];
    const t = await sqlmeshTable();
    return t ? [SM_PHYSICAL, t] : undefined;
  };
  const snaps = async () => {
    const t = await target();
    return t ? snapshotsOf(...t) : [];
  };
  const before = new Set((await snaps()).map((s) => s.id));
  const logBefore = tool === "lakeform" ? await intervalLogCommits() : 0;
  const since = new Date(Date.now() - 1000);
  const t0 = performance.now();
  const r =
    tool === "lakeform"
      ? sh(process.execPath, [join(REPO, "dist/cli/main.js"), "run", dir, "--no-run-log", ...args], { ...process.env, LAKEFORM_TRINO_USER: USERS.lakeform })
      : tool === "dbt"
        ? sh(join(DBT_VENV, "bin/dbt"), ["run", "--project-dir", dir, "--profiles-dir", dir, "--no-version-check", ...args], dbtEnv())
        : sh(join(SQLMESH_VENV, "bin/sqlmesh"), ["--paths", dir, "--log-file-dir", join(dir, "logs"), ...args], sqlmeshEnv());
  const wallMs = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${tool} ${args.join(" ")} failed (exit ${r.code}):\n${r.out.slice(-4000)}\n${r.err.slice(-4000)}`);
  const queries = await queriesOf(USERS[tool], since);
  const added = (await snaps()).filter((s) => !before.has(s.id));
  return {
    wallMs,
    queries: queries.length,
    cpuMs: queries.reduce((a, x) => a + x.cpuMs, 0),
    inputBytes: queries.reduce((a, x) => a + x.inputBytes, 0),
    commits: added.length,
    filesAdded: added.reduce((a, s) => a + Number(s.summary["added-data-files"] ?? 0), 0),
    deleteFilesAdded: added.reduce((a, s) => a + Number(s.summary["added-delete-files"] ?? 0), 0),
    logCommits: tool === "lakeform" ? (await intervalLogCommits()) - logBefore : 0,
  };
}

// ---- warehouse setup ----------------------------------------------------------------------------

async function dropSchema(schema: string): Promise<void> {
  for (const [name, type] of await q(`SELECT table_name, table_type FROM ${CAT}.information_schema.tables WHERE table_schema = '${schema}'`)) {
    await q(`DROP ${type === "VIEW" ? "VIEW" : "TABLE"} IF EXISTS ${CAT}.${schema}."${String(name)}"`);
  }
  await q(`DROP SCHEMA IF EXISTS ${CAT}.${schema}`);
}

/** Rows a day: a multiple of 1000 (Trino's sequence() stops at 10000 entries, so i = hi·1000 + lo). */
const PER_DAY = Math.max(1000, Math.floor(ROWS / 33 / 1000) * 1000);
const DAY_ROWS = `UNNEST(sequence(0, ${PER_DAY / 1000 - 1})) AS h (hi) CROSS JOIN UNNEST(sequence(1, 1000)) AS l (lo) CROSS JOIN UNNEST(ARRAY[0]) AS z (zero)`;

async function createSource(): Promise<void> {
  await q(`CREATE SCHEMA ${CAT}.${SRC}`);
  const perDay = PER_DAY;
  await q(`CREATE TABLE ${CAT}.${SRC}.events WITH (partitioning = ARRAY['day(event_ts)']) AS
    SELECT CAST(d * ${perDay} + i AS bigint) AS id,
           from_iso8601_timestamp('${BEGIN}T00:00:00Z') + d * INTERVAL '1' DAY + (i % 86400) * INTERVAL '1' SECOND AS event_ts,
           CAST(i % 5000 AS bigint) AS customer_id,
           CAST((i * 7919) % 6000 AS decimal(12, 2)) AS amount
    FROM UNNEST(sequence(0, 29)) AS a (d) CROSS JOIN (SELECT hi * 1000 + lo + zero AS i FROM ${DAY_ROWS})`);
}

/** The daily run's input: the last 3 days' rows, and late rows for today-3. */
async function dailyIncrement(): Promise<void> {
  const perDay = PER_DAY;
  await q(`INSERT INTO ${CAT}.${SRC}.events
    SELECT CAST(d * ${perDay} + i AS bigint), from_iso8601_timestamp('${BEGIN}T00:00:00Z') + d * INTERVAL '1' DAY + (i % 86400) * INTERVAL '1' SECOND, CAST(i % 5000 AS bigint), CAST((i * 7919) % 6000 AS decimal(12, 2))
    FROM UNNEST(sequence(30, 32)) AS a (d) CROSS JOIN (SELECT hi * 1000 + lo + zero AS i FROM ${DAY_ROWS})`);
  await q(`INSERT INTO ${CAT}.${SRC}.events
    SELECT CAST(900000000 + i AS bigint), from_iso8601_timestamp('${day(-3)}T12:00:00Z') + i * INTERVAL '1' SECOND, 1, 1.00
    FROM UNNEST(sequence(1, ${Math.max(1, Math.floor(perDay / 100))})) AS b (i)`);
}

async function compareTargets(other = DBT): Promise<{ lfMinusDbt: number; dbtMinusLf: number; rows: number }> {
  const a = `SELECT id, event_ts, customer_id, amount, amount_band FROM ${CAT}.${LF}.${MODEL}`;
  const b = `SELECT id, event_ts, customer_id, amount, amount_band FROM ${CAT}.${other}.${MODEL}`;
  const n = async (sql: string) => Number((await q(sql))[0]?.[0] ?? NaN);
  return { lfMinusDbt: await n(`SELECT count(*) FROM (${a} EXCEPT ALL ${b})`), dbtMinusLf: await n(`SELECT count(*) FROM (${b} EXCEPT ALL ${a})`), rows: await n(`SELECT count(*) FROM ${CAT}.${LF}.${MODEL}`) };
}

// ---- report ---------------------------------------------------------------------------------------

function table(phase: string, lf: Measured, dbt: Measured, sm: Measured): string {
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : "—");
  const row = (k: string, f: (m: Measured) => number, fmt: (n: number) => string = String): string[] => [k, fmt(f(lf)), fmt(f(dbt)), fmt(f(sm)), ratio(f(lf), f(dbt)), ratio(f(lf), f(sm))];
  const rows: string[][] = [
    row("wall time", (m) => m.wallMs, s),
    row("Trino CPU", (m) => m.cpuMs, s),
    row("bytes read", (m) => m.inputBytes, mb),
    row("Trino queries", (m) => m.queries),
    row("commits on the table", (m) => m.commits),
    row("data files written", (m) => m.filesAdded),
    row("delete files written", (m) => m.deleteFilesAdded),
    ["interval-log commits", String(lf.logCommits), "—", "—", "", ""],
  ];
  const line = ([k, a, b, c, r1, r2]: string[]) => `  ${(k ?? "").padEnd(22)} ${(a ?? "").padStart(10)} ${(b ?? "").padStart(10)} ${(c ?? "").padStart(10)}  ${(r1 ?? "").padStart(7)}  ${(r2 ?? "").padStart(7)}`;
  return [phase, line(["", "Lakeform", "dbt-trino", "SQLMesh", "LF/dbt", "LF/SQLM"]), ...rows.map(line)].join("\n");
}

async function main(): Promise<void> {
  const versions = `${dbtVersion()}; ${provisionSqlmesh()}`;
  log(`time-range bench: ${PER_DAY * 33} rows over 33 days (${BEGIN} … ${day(0)}), Lakeform batchConcurrency ${CONCURRENCY}; ${versions}`);
  for (const s of [SRC, LF, DBT, SM, SM_PHYSICAL]) await dropSchema(s);
  await q(`DELETE FROM ${CAT}.lakeform.intervals WHERE model_key = '${CAT}.${LF}.${MODEL}'`).catch(() => undefined);
  const lfDir = join(WORK, "lakeform");
  const dbtDir = join(WORK, "dbt");
  writeLakeformProject(lfDir);
  writeDbtProject(dbtDir);
  const smDir = join(WORK, "sqlmesh");
  writeSqlmeshProject(smDir);
  await createSource();
  await q(`CREATE SCHEMA ${CAT}.${DBT}`);
  try {
    const range = ["--start", BEGIN, "--end", BACKFILL_END];
    const dbtRange = ["--event-time-start", `${BEGIN}T00:00:00`, "--event-time-end", `${day(-2)}T00:00:00`];
    log("1. backfill of 30 days into a new table …");
    // A production plan refuses --start/--end without restatements: its backfill ends at the
    // execution time instead (midnight after BACKFILL_END = the same 30 complete days).
    const smPlan = ["plan", "--auto-apply", "--no-prompts"];
    const b1 = {
      lf: await measure("lakeform", range, lfDir),
      dbt: await measure("dbt", dbtRange, dbtDir),
      sm: await measure("sqlmesh", [...smPlan, "--execution-time", `${day(-2)} 00:00:00`], smDir),
    };
    log("2. the same 30 days again (restatement of an existing table) …");
    const b2 = {
      dbt: await measure("dbt", dbtRange, dbtDir),
      lf: await measure("lakeform", [...range, "--restate"], lfDir),
      sm: await measure("sqlmesh", [...smPlan, "--restate-model", `${SM}.${MODEL}`, "--start", BEGIN, "--end", BACKFILL_END, "--execution-time", `${day(-2)} 00:00:00`], smDir),
    };
    log("3. daily run with lookback 3 (new rows for 3 days, late rows 3 days back) …");
    await dailyIncrement();
    const b3 = { lf: await measure("lakeform", [], lfDir), dbt: await measure("dbt", [], dbtDir), sm: await measure("sqlmesh", ["run", "--ignore-cron"], smDir) };
    const cmp = await compareTargets();
    const cmpSm = await compareTargets(SM);
    process.stdout.write(
      [
        `Time-range incremental, Lakeform vs dbt-trino microbatch vs SQLMesh INCREMENTAL_BY_TIME_RANGE (${versions}); ${PER_DAY * 33} source rows (${PER_DAY} a day), daily batches, lookback 3, same Trino, one run`,
        table("1. 30-day backfill, new table (LF: one CREATE TABLE AS; dbt: one batch per day; SQLMesh: one DELETE + INSERT)", b1.lf, b1.dbt, b1.sm),
        table(`2. 30-day restatement, existing table (LF: one MERGE per day, ${CONCURRENCY} at a time; dbt: one batch per day; SQLMesh: one DELETE + INSERT)`, b2.lf, b2.dbt, b2.sm),
        table("3. daily run, lookback 3 (LF, dbt re-process today-3 … today; SQLMesh today-5 … today: its lookback counts back from the first missing day)", b3.lf, b3.dbt, b3.sm),
        `targets equal: ${cmp.lfMinusDbt === 0 && cmp.dbtMinusLf === 0 ? "yes" : "NO"} (${cmp.rows} rows; LF−dbt ${cmp.lfMinusDbt}, dbt−LF ${cmp.dbtMinusLf})`,
        `SQLMesh target equal to Lakeform's: ${cmpSm.lfMinusDbt === 0 && cmpSm.dbtMinusLf === 0 ? "yes" : "NO"} (LF−SQLMesh ${cmpSm.lfMinusDbt}, SQLMesh−LF ${cmpSm.dbtMinusLf})`,
        "",
      ].join("\n\n"),
    );
  } finally {
    if (!KEEP) {
      for (const s of [LF, DBT, SM, SM_PHYSICAL, SRC]) await dropSchema(s).catch(() => undefined);
      await q(`DELETE FROM ${CAT}.lakeform.intervals WHERE model_key = '${CAT}.${LF}.${MODEL}'`).catch(() => undefined);
    }
  }
}

await main();
