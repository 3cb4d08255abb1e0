/**
 * `npm run bench:incremental`: the same silver incremental model built by Lakeform and by
 * dbt-trino (merge strategy) on the same Trino, over the same bronze table, in one run:
 *   1. bronze: BENCH_ROWS rows generated inside Trino (UNNEST(sequence) cross join);
 *   2. first build with both tools (CREATE TABLE AS);
 *   3. increment on bronze: 1% new ids (INSERT) and 1% changed rows (UPDATE, newer updated_at);
 *   4. incremental run with both tools (MERGE).
 * For every CLI run it prints wall time (whole process), the Trino queries the tool sent (matched
 * by a per-tool Trino user, stats from `GET /v1/query/{id}`: physical input bytes, written rows,
 * elapsed), and the rows the run committed to the target (Iceberg `$snapshots` summary:
 * `added-records`, `added-position-deletes`). Ratios are Lakeform / dbt. Finally both targets
 * are compared (`EXCEPT` both ways) and the schemas dropped. Not a test: numbers, no asserts.
 *
 * dbt-trino is provisioned into ~/.cache/lakeform/peers/dbt-venv (pinned in bench/dbt-peer.ts).
 *
 * Steps 3–4 are repeated BENCH_ROUNDS times (default 2) with the order of the tools alternating
 * (dbt first in odd rounds), so neither always gets the warmer Trino; each round is its own 1% + 1%.
 *
 * Env: BENCH_ROWS (default 2000000, multiple of 1000)  BENCH_ROUNDS (default 2)  BENCH_KEEP=1 (keep the bench_inc_* schemas)
 *      BENCH_LF_GUARD (updated_at | all | none: Lakeform's mergeChangeColumns, see LF_GUARD)
 *      DBT_VENV (default ~/.cache/lakeform/peers/dbt-venv).
 * Needs `npm run build` (the npm script does it) and the local stack (`lakeform stack up`).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as TrinoMod from "../src/adapters/trino/client.js";
import type * as ConnMod from "../src/config/connection.js";
import type * as PeerMod from "./dbt-peer.js";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const [{ TrinoClient }, { resolveConnections }, { DBT_VENV, comparisonTable, dbtEnv, provisionDbt, sh, queriesOf: peerQueries }] = await Promise.all([
  load<typeof TrinoMod>("adapters/trino/client.js"),
  load<typeof ConnMod>("config/connection.js"),
  // dbt-trino's pins and provisioning are shared with bench/snapshot.ts.
  import(new URL("./dbt-peer.ts", import.meta.url).href) as Promise<typeof PeerMod>,
]);

const ROWS = Number(process.env.BENCH_ROWS ?? 2_000_000);
if (!Number.isInteger(ROWS) || ROWS < 100_000 || ROWS % 1000 !== 0) throw new Error(`BENCH_ROWS must be a multiple of 1000 ≥ 100000, got ${ROWS}`);
const KEEP = process.env.BENCH_KEEP === "1";
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1 || ROUNDS > 5) throw new Error(`BENCH_ROUNDS must be 1..5, got ${ROUNDS}`);

const CAT = "iceberg";
const SRC = "bench_inc_src";
const LF = "bench_inc_lf";
const DBT = "bench_inc_dbt";
const MODEL = "silver_orders";
const RUN = Date.now().toString(36);
const USERS = { lakeform: `bench_inc_lf_${RUN}`, dbt: `bench_inc_dbt_${RUN}` } as const;
type Tool = keyof typeof USERS;
const WORK = join(REPO, "bench/.work/incremental");
const NEW_ROWS = ROWS / 100;
const CHANGED_ROWS = ROWS / 100;
/**
 * Lakeform's MERGE change guard for this model (BENCH_LF_GUARD): `updated_at` (default — the model
 * only selects rows with a newer updated_at, so that column alone tells a changed row), `all`
 * (Lakeform's default: every updated column), `none` (no guard, like dbt's merge).
 */
const LF_GUARD = (process.env.BENCH_LF_GUARD ?? "updated_at") as "updated_at" | "all" | "none";
const GUARD_CONFIG = { updated_at: ', mergeChangeColumns: ["updated_at"]', all: "", none: ", mergeChangeColumns: false" } as const;
if (!(LF_GUARD in GUARD_CONFIG)) throw new Error(`BENCH_LF_GUARD must be updated_at, all or none, got ${LF_GUARD}`);
const COLUMNS = ["id", "customer_id", "amount", "status", "amount_band", "order_date", "updated_at"];

const conn = resolveConnections(REPO);
const trinoUrl = new URL(conn.trino.url);
const trino = new TrinoClient({ ...conn.trino, user: `bench_inc_setup_${RUN}`, catalog: CAT, source: "lakeform-bench" });
const q = async (sql: string) => (await trino.query(sql)).rows;
const log = (s: string) => process.stderr.write(`${s}\n`);

// ---- the model, written once for both tools ------------------------------------------------

/** bronze is raw strings; silver casts, normalises and classifies. */
const silverSelect = (bronze: string) => `SELECT
  id,
  CAST(customer_id AS bigint) AS customer_id,
  CAST(amount_raw AS decimal(12, 2)) AS amount,
  lower(trim(status_raw)) AS status,
  CASE
    WHEN CAST(amount_raw AS decimal(12, 2)) >= 4000 THEN 'large'
    WHEN CAST(amount_raw AS decimal(12, 2)) >= 1000 THEN 'medium'
    ELSE 'small'
  END AS amount_band,
  CAST(order_date_raw AS date) AS order_date,
  updated_at
FROM ${bronze}`;
const incrementalFilter = (self: string) => `WHERE updated_at > (SELECT max(updated_at) FROM ${self})`;

function writeLakeformProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ warehouse: "trino", defaultDatabase: CAT, defaultSchema: LF, assertionSchema: `${LF}_assertions` }, null, 2));
  writeFileSync(join(dir, "definitions/bronze.sqlx"), `config { type: "declaration", schema: "${SRC}", name: "bronze" }\n`);
  writeFileSync(
    join(dir, `definitions/${MODEL}.sqlx`),
    `config { type: "incremental", uniqueKey: ["id"], schema: "${LF}"${GUARD_CONFIG[LF_GUARD]} }\n${silverSelect('${ref("' + SRC + '", "bronze")}')}\n\${when(incremental(), \`${incrementalFilter("${self()}")}\`)}\n`,
  );
}

function writeDbtProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "models"), { recursive: true });
  writeFileSync(
    join(dir, "dbt_project.yml"),
    `name: bench_inc\nversion: "1.0"\nconfig-version: 2\nprofile: bench_inc\nmodel-paths: ["models"]\nflags:\n  send_anonymous_usage_stats: false\n`,
  );
  writeFileSync(
    join(dir, "profiles.yml"),
    `bench_inc:\n  target: bench\n  outputs:\n    bench:\n      type: trino\n      method: none\n      user: ${USERS.dbt}\n      host: ${trinoUrl.hostname}\n      port: ${trinoUrl.port || 8080}\n      http_scheme: ${trinoUrl.protocol.replace(":", "")}\n      database: ${CAT}\n      schema: ${DBT}\n      threads: 1\n`,
  );
  writeFileSync(join(dir, "models/sources.yml"), `version: 2\nsources:\n  - name: ${SRC}\n    database: ${CAT}\n    schema: ${SRC}\n    tables:\n      - name: bronze\n`);
  writeFileSync(
    join(dir, `models/${MODEL}.sql`),
    `{{ config(materialized='incremental', incremental_strategy='merge', unique_key='id') }}\n${silverSelect(`{{ source('${SRC}', 'bronze') }}`)}\n{% if is_incremental() %}\n${incrementalFilter("{{ this }}")}\n{% endif %}\n`,
  );
}

// ---- Trino query stats (bench/dbt-peer.ts) ------------------------------------------------------

type QueryFigures = PeerMod.QueryFigures;
type FigureRow = PeerMod.FigureRow;

async function rest(path: string): Promise<unknown> {
  const r = await fetch(new URL(path, conn.trino.url), { headers: { "X-Trino-User": `bench_inc_setup_${RUN}` } });
  if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
  return r.json();
}

// ---- one CLI run, measured -----------------------------------------------------------------

interface Measured {
  readonly tool: Tool;
  readonly phase: string;
  readonly wallMs: number;
  readonly queries: readonly QueryFigures[];
  readonly addedRecords: number;
  readonly positionDeletes: number;
  readonly addedFilesBytes: number;
  readonly operations: string;
}

const sum = (xs: readonly QueryFigures[], f: (x: QueryFigures) => number) => xs.reduce((a, x) => a + f(x), 0);

async function measure(tool: Tool, phase: Measured["phase"], dir: string): Promise<Measured> {
  const schema = tool === "lakeform" ? LF : DBT;
  const before = new Set((await snapshotsOf(schema)).map((s) => s.id));
  const since = new Date(Date.now() - 1000);
  const t0 = performance.now();
  const r =
    tool === "lakeform"
      ? sh(process.execPath, [join(REPO, "dist/cli/main.js"), "run", dir, "--json", "--no-run-log"], { ...process.env, LAKEFORM_TRINO_USER: USERS.lakeform })
      : sh(join(DBT_VENV, "bin/dbt"), ["run", "--project-dir", dir, "--profiles-dir", dir, "--no-version-check"], dbtEnv());
  const wallMs = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${tool} ${phase} failed (exit ${r.code}):\n${r.out.slice(-4000)}\n${r.err.slice(-4000)}`);
  const queries = await peerQueries(conn.trino.url, `bench_inc_setup_${RUN}`, USERS[tool], since);
  if (tool === "lakeform") checkLakeformIds(r.out, queries);
  const added = (await snapshotsOf(schema)).filter((s) => !before.has(s.id));
  const n = (k: string) => added.reduce((a, s) => a + Number(s.summary[k] ?? 0), 0);
  return {
    tool,
    phase,
    wallMs,
    queries,
    addedRecords: n("added-records"),
    positionDeletes: n("added-position-deletes"),
    addedFilesBytes: n("added-files-size"),
    operations: added.map((s) => s.operation).join("+") || "none",
  };
}

/** The run summary's statement query ids must all be among the queries matched by user. */
function checkLakeformIds(stdout: string, queries: readonly QueryFigures[]): void {
  const summary = JSON.parse(stdout) as { status: string; outcomes: { statements: { queryId?: string }[] }[] };
  const ids = summary.outcomes.flatMap((o) => o.statements.map((s) => s.queryId)).filter((x): x is string => Boolean(x));
  const seen = new Set(queries.map((x) => x.id));
  const missing = ids.filter((id) => !seen.has(id));
  if (missing.length) log(`warning: Lakeform statement queries not found in Trino's query list: ${missing.join(", ")}`);
}

async function snapshotsOf(schema: string): Promise<{ id: string; operation: string; summary: Record<string, string> }[]> {
  const exists = await q(`SELECT count(*) FROM ${CAT}.information_schema.tables WHERE table_schema = '${schema}' AND table_name = '${MODEL}'`);
  if (Number(exists[0]?.[0] ?? 0) === 0) return [];
  const rows = await q(`SELECT CAST(snapshot_id AS varchar), operation, summary FROM ${CAT}.${schema}."${MODEL}$snapshots"`);
  return rows.map((r) => ({ id: String(r[0]), operation: String(r[1]), summary: (r[2] ?? {}) as Record<string, string> }));
}

// ---- warehouse setup -------------------------------------------------------------------------

async function dropSchema(schema: string): Promise<void> {
  const exists = await q(`SELECT count(*) FROM ${CAT}.information_schema.schemata WHERE schema_name = '${schema}'`);
  if (Number(exists[0]?.[0] ?? 0) === 0) return;
  for (const [name, type] of await q(`SELECT table_name, table_type FROM ${CAT}.information_schema.tables WHERE table_schema = '${schema}'`)) {
    await q(`DROP ${type === "VIEW" ? "VIEW" : "TABLE"} IF EXISTS ${CAT}.${schema}."${String(name)}"`);
  }
  await q(`DROP SCHEMA IF EXISTS ${CAT}.${schema}`);
}

const SCHEMAS = [SRC, LF, DBT, `${LF}_assertions`];

async function createBronze(): Promise<void> {
  await q(`CREATE SCHEMA ${CAT}.${SRC}`);
  // ids 1..ROWS in order (so files have tight id ranges, as an ingested bronze would by time);
  // every column a raw string as it lands from a source system.
  await q(`CREATE TABLE ${CAT}.${SRC}.bronze AS
SELECT
  id,
  CAST(id % 50000 + 1 AS varchar) AS customer_id,
  format('%d.%02d', (id * 7919) % 500000 / 100, (id * 7919) % 100) AS amount_raw,
  element_at(ARRAY['PAID', ' paid', 'pending', 'Cancelled', 'REFUNDED '], CAST(id % 5 + 1 AS integer)) AS status_raw,
  CAST(date_add('day', id % 365, DATE '2025-01-01') AS varchar) AS order_date_raw,
  date_add('second', id, TIMESTAMP '2025-01-01 00:00:00.000000') AS updated_at
FROM (SELECT a * 1000 + b AS id FROM UNNEST(sequence(0, ${ROWS / 1000 - 1})) AS x(a) CROSS JOIN UNNEST(sequence(1, 1000)) AS y(b))`);
}

/** Round r (0-based): 1% new ids and 1% changed rows (spread over every file), newer updated_at. */
const incrementTs = (r: number) => `TIMESTAMP '2026-06-0${r + 1} 00:00:00.000000'`;
async function applyIncrement(r: number): Promise<void> {
  await q(`UPDATE ${CAT}.${SRC}.bronze
SET amount_raw = format('%d.%02d', (id * 104729 + ${r}) % 600000 / 100, (id * 104729 + ${r}) % 100), status_raw = 'REFUNDED', updated_at = ${incrementTs(r)}
WHERE id <= ${ROWS} AND id % 100 = ${37 + 11 * r}`);
  await q(`INSERT INTO ${CAT}.${SRC}.bronze
SELECT id, CAST(id % 50000 + 1 AS varchar), format('%d.%02d', (id * 7919) % 500000 / 100, (id * 7919) % 100), 'pending',
  CAST(date_add('day', id % 365, DATE '2026-01-01') AS varchar), ${incrementTs(r)}
FROM (SELECT ${ROWS + r * NEW_ROWS} + a * 1000 + b AS id FROM UNNEST(sequence(0, ${NEW_ROWS / 1000 - 1})) AS x(a) CROSS JOIN UNNEST(sequence(1, 1000)) AS y(b))`);
}

async function compareTargets(): Promise<{ lfMinusDbt: number; dbtMinusLf: number; lfRows: number; dbtRows: number; expectedRows: number; changedInSilver: number }> {
  const cols = COLUMNS.join(", ");
  const one = async (sql: string) => Number((await q(sql))[0]?.[0] ?? NaN);
  const a = `${CAT}.${LF}.${MODEL}`;
  const b = `${CAT}.${DBT}.${MODEL}`;
  return {
    lfMinusDbt: await one(`SELECT count(*) FROM (SELECT ${cols} FROM ${a} EXCEPT SELECT ${cols} FROM ${b})`),
    dbtMinusLf: await one(`SELECT count(*) FROM (SELECT ${cols} FROM ${b} EXCEPT SELECT ${cols} FROM ${a})`),
    lfRows: await one(`SELECT count(*) FROM ${a}`),
    dbtRows: await one(`SELECT count(*) FROM ${b}`),
    expectedRows: ROWS + ROUNDS * NEW_ROWS,
    changedInSilver: await one(`SELECT count(*) FROM ${a} WHERE id <= ${ROWS} AND status = 'refunded' AND updated_at >= TIMESTAMP '2026-06-01 00:00:00'`),
  };
}

// ---- report -----------------------------------------------------------------------------------

const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
const fmtBytes = (b: number) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`);
const fmtN = (n: number) => n.toLocaleString("en-US");
const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? "=" : "∞") : `${(a / b).toFixed(2)}×`);

function table(lf: Measured, dbt: Measured): string {
  const rows: FigureRow[] = [
    ["wall time (whole CLI process)", lf.wallMs, dbt.wallMs, fmtMs],
    ["Trino queries sent", lf.queries.length, dbt.queries.length, fmtN],
    ["Trino elapsed, sum over queries", sum(lf.queries, (x) => x.elapsedMs), sum(dbt.queries, (x) => x.elapsedMs), fmtMs],
    ["tool overhead (wall − Trino elapsed)", lf.wallMs - sum(lf.queries, (x) => x.elapsedMs), dbt.wallMs - sum(dbt.queries, (x) => x.elapsedMs), fmtMs],
    ["Trino CPU time, sum over queries", sum(lf.queries, (x) => x.cpuMs), sum(dbt.queries, (x) => x.cpuMs), fmtMs],
    ["physical input bytes", sum(lf.queries, (x) => x.inputBytes), sum(dbt.queries, (x) => x.inputBytes), fmtBytes],
    ["physical input rows", sum(lf.queries, (x) => x.inputRows), sum(dbt.queries, (x) => x.inputRows), fmtN],
    ["written rows (Trino writtenPositions)¹", sum(lf.queries, (x) => x.writtenRows), sum(dbt.queries, (x) => x.writtenRows), fmtN],
    ["rows into Trino's writer operators²", sum(lf.queries, (x) => x.writerRows), sum(dbt.queries, (x) => x.writerRows), fmtN],
    ["physical written bytes¹", sum(lf.queries, (x) => x.writtenBytes), sum(dbt.queries, (x) => x.writtenBytes), fmtBytes],
    ["target: added-records ($snapshots)", lf.addedRecords, dbt.addedRecords, fmtN],
    ["target: added-position-deletes", lf.positionDeletes, dbt.positionDeletes, fmtN],
    ["target: added-files-size", lf.addedFilesBytes, dbt.addedFilesBytes, fmtBytes],
  ];
  return comparisonTable(rows, "target snapshot operations", lf.operations, dbt.operations);
}

function queryList(m: Measured): string {
  return m.queries
    .map((x) => `    ${x.kind.padEnd(24)} ${fmtMs(x.elapsedMs).padStart(7)} cpu ${fmtMs(x.cpuMs).padStart(7)}  in ${fmtBytes(x.inputBytes).padStart(10)} / ${fmtN(x.inputRows).padStart(10)} rows  to writers ${fmtN(x.writerRows).padStart(9)}  ${x.id}`)
    .join("\n");
}

// ---- main ----------------------------------------------------------------------------------------

const dbtVersion = provisionDbt();
const lfDir = join(WORK, "lakeform");
const dbtDir = join(WORK, "dbt");
writeLakeformProject(lfDir);
writeDbtProject(dbtDir);

try {
  for (const s of SCHEMAS) await dropSchema(s);
  log(`bronze: generating ${fmtN(ROWS)} rows in ${CAT}.${SRC}.bronze …`);
  let t = performance.now();
  await createBronze();
  log(`  ${fmtMs(performance.now() - t)}`);

  // Warm bronze's files and the model's expressions once, so the first tool to build does not pay alone.
  await q(`SELECT count(*), max(amount), max(order_date) FROM (${silverSelect(`${CAT}.${SRC}.bronze`)})`);
  log("first build: Lakeform …");
  const lf1 = await measure("lakeform", "first build", lfDir);
  log("first build: dbt-trino …");
  const dbt1 = await measure("dbt", "first build", dbtDir);

  const rounds: { lf: Measured; dbt: Measured; dbtFirst: boolean }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    log(`round ${r + 1}: increment of ${fmtN(NEW_ROWS)} new + ${fmtN(CHANGED_ROWS)} changed bronze rows …`);
    t = performance.now();
    await applyIncrement(r);
    log(`  ${fmtMs(performance.now() - t)}`);
    // Both tools then read the same new bronze files: warm them once so neither pays the cold read alone.
    await q(`SELECT count(*), max(updated_at) FROM ${CAT}.${SRC}.bronze WHERE updated_at >= ${incrementTs(r)}`);
    const dbtFirst = r % 2 === 0;
    const order: Tool[] = dbtFirst ? ["dbt", "lakeform"] : ["lakeform", "dbt"];
    const got: Partial<Record<Tool, Measured>> = {};
    for (const tool of order) {
      log(`round ${r + 1}: incremental ${tool} …`);
      got[tool] = await measure(tool, `incremental ${r + 1}`, tool === "lakeform" ? lfDir : dbtDir);
    }
    rounds.push({ lf: got.lakeform!, dbt: got.dbt!, dbtFirst });
  }

  const cmp = await compareTargets();
  const trinoVersion = ((await rest("/v1/info")) as { nodeVersion: { version: string } }).nodeVersion.version;
  const expectAdded = NEW_ROWS + CHANGED_ROWS;
  const onlyChanged = (m: Measured) => m.addedRecords === expectAdded && m.positionDeletes === CHANGED_ROWS;
  const last = rounds[rounds.length - 1]!;
  const wallRatios = rounds.map((x) => x.lf.wallMs / x.dbt.wallMs);
  const trinoRatios = rounds.map((x) => sum(x.lf.queries, (y) => y.elapsedMs) / sum(x.dbt.queries, (y) => y.elapsedMs));

  const out = [
    "",
    `Incremental silver model: Lakeform (change guard: ${LF_GUARD}) vs ${dbtVersion} (incremental_strategy='merge'), same Trino ${trinoVersion}, in one run`,
    `machine: ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(" ")} (shared); bronze ${fmtN(ROWS)} rows; ${ROUNDS} increment round(s) of ${fmtN(NEW_ROWS)} new + ${fmtN(CHANGED_ROWS)} changed rows (1% + 1%)`,
    "Lakeform runs with --no-run-log (dbt keeps its run results in local files, not in the warehouse).",
    "",
    "== first build (CREATE TABLE AS; Lakeform ran first, after a warm-up scan of bronze) ==",
    table(lf1, dbt1),
    "",
    ...rounds.flatMap((x, i) => [`== incremental round ${i + 1} (MERGE of the increment; ${x.dbtFirst ? "dbt" : "Lakeform"} ran first) ==`, table(x.lf, x.dbt), ""]),
    "¹ Trino's writtenPositions and physicalWrittenDataSize count TableWriter output only; both stay 0 for MERGE.",
    "² MERGE feeds its writer one row per insert and two per update (delete + insert).",
    "",
    `incremental wall time, Lakeform / dbt: ${wallRatios.map((x) => `${x.toFixed(2)}×`).join(", ")}; Trino elapsed, Lakeform / dbt: ${trinoRatios.map((x) => `${x.toFixed(2)}×`).join(", ")}`,
    `rows expected to be rewritten per round: ${fmtN(expectAdded)} added records (${fmtN(NEW_ROWS)} inserted + ${fmtN(CHANGED_ROWS)} updated) and ${fmtN(CHANGED_ROWS)} position deletes`,
    `rewrote only the changed rows: Lakeform ${rounds.every((x) => onlyChanged(x.lf)) ? "yes" : "NO"} (every round), dbt-trino ${rounds.every((x) => onlyChanged(x.dbt)) ? "yes" : "NO"} (every round)`,
    "",
    "queries per tool, first build:",
    "  Lakeform",
    queryList(lf1),
    "  dbt-trino",
    queryList(dbt1),
    `queries per tool, incremental round ${rounds.length}:`,
    "  Lakeform",
    queryList(last.lf),
    "  dbt-trino",
    queryList(last.dbt),
    "",
    `targets: Lakeform ${fmtN(cmp.lfRows)} rows, dbt ${fmtN(cmp.dbtRows)} rows (expected ${fmtN(cmp.expectedRows)}); changed rows visible in silver: ${fmtN(cmp.changedInSilver)} of ${fmtN(ROUNDS * CHANGED_ROWS)}`,
    `contents: Lakeform EXCEPT dbt = ${fmtN(cmp.lfMinusDbt)} rows, dbt EXCEPT Lakeform = ${fmtN(cmp.dbtMinusLf)} rows → ${cmp.lfMinusDbt === 0 && cmp.dbtMinusLf === 0 && cmp.lfRows === cmp.dbtRows ? "IDENTICAL" : "DIFFERENT"}`,
    "",
  ];
  process.stdout.write(out.join("\n"));
} finally {
  if (KEEP) log(`BENCH_KEEP=1: schemas ${SCHEMAS.join(", ")} kept`);
  else {
    for (const s of SCHEMAS) await dropSchema(s).catch((e: unknown) => log(`could not drop ${s}: ${String(e)}`));
    log(`dropped schemas ${SCHEMAS.join(", ")}`);
  }
}
