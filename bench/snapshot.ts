/**
 * `npm run bench:snapshot`: an SCD type 2 snapshot of the same source table kept by Lakeform
 * (`type: "snapshot"`) and by dbt-trino (`dbt snapshot`, timestamp strategy) on the same Trino, in
 * one run:
 *   1. source: BENCH_ROWS applicants (default 1,000,000) generated inside Trino;
 *   2. first snapshot with both tools;
 *   3. 1% of the rows change (UPDATE: new renda/uf, newer updated_at), both tools snapshot again;
 *   4. nothing changes, both tools snapshot again (a no-op run).
 * For each run: wall time (whole CLI process), the Trino queries the tool sent (matched by a
 * per-tool Trino user: elapsed, CPU, physical input), and the Iceberg commits on the snapshot
 * table (`$snapshots` rows added) — what readers can observe. Ratios are Lakeform / dbt. Finally
 * both histories are compared (EXCEPT both ways on key, attributes, validity) and the schemas dropped.
 * Not a test: numbers, no asserts.
 *
 * Env: BENCH_ROWS (default 1000000, multiple of 1000)  BENCH_KEEP=1 (keep the bench_snap_* schemas)
 *      DBT_VENV (default ~/.cache/lakeform/peers/dbt-venv). Needs `npm run build` and the stack.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as TrinoMod from "../src/adapters/trino/client.js";
import type * as ConnMod from "../src/config/connection.js";
import type * as PeerMod from "./dbt-peer.js";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const [{ TrinoClient }, { resolveConnections }, peer] = await Promise.all([
  load<typeof TrinoMod>("adapters/trino/client.js"),
  load<typeof ConnMod>("config/connection.js"),
  import(new URL("./dbt-peer.ts", import.meta.url).href) as Promise<typeof PeerMod>,
]);
const { DBT_VENV, comparisonTable, dbtEnv, fmtBytes, fmtMs, fmtN, log, provisionDbt, queriesOf, ratio, sh } = peer;
type QueryFigures = PeerMod.QueryFigures;
type FigureRow = PeerMod.FigureRow;

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
if (!Number.isInteger(ROWS) || ROWS < 10_000 || ROWS % 1000 !== 0) throw new Error(`BENCH_ROWS must be a multiple of 1000 ≥ 10000, got ${ROWS}`);
const KEEP = process.env.BENCH_KEEP === "1";
const CHANGED = ROWS / 100;

const CAT = "iceberg";
const SRC = "bench_snap_src";
const LF = "bench_snap_lf";
const DBT = "bench_snap_dbt";
const MODEL = "applicants_history";
const RUN = Date.now().toString(36);
const USERS = { lakeform: `bench_snap_lf_${RUN}`, dbt: `bench_snap_dbt_${RUN}` } as const;
const SETUP_USER = `bench_snap_setup_${RUN}`;
type Tool = keyof typeof USERS;
const WORK = join(REPO, "bench/.work/snapshot");
const SCHEMAS = [SRC, LF, DBT, `${LF}_assertions`];

const conn = resolveConnections(REPO);
const trinoUrl = new URL(conn.trino.url);
const trino = new TrinoClient({ ...conn.trino, user: SETUP_USER, catalog: CAT, source: "lakeform-bench" });
const q = async (sql: string) => (await trino.query(sql)).rows;

const SELECT = `SELECT id, uf, municipio, tipo_pessoa, renda, updated_at FROM`;

function writeLakeformProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ warehouse: "trino", defaultDatabase: CAT, defaultSchema: LF, assertionSchema: `${LF}_assertions` }, null, 2));
  writeFileSync(join(dir, "definitions/applicants.sqlx"), `config { type: "declaration", schema: "${SRC}", name: "applicants" }\n`);
  writeFileSync(
    join(dir, `definitions/${MODEL}.sqlx`),
    `config { type: "snapshot", schema: "${LF}", uniqueKey: ["id"], strategy: "timestamp", updatedAt: "updated_at" }\n${SELECT} \${ref("${SRC}", "applicants")}\n`,
  );
}

function writeDbtProject(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "snapshots"), { recursive: true });
  mkdirSync(join(dir, "models"), { recursive: true });
  writeFileSync(join(dir, "dbt_project.yml"), `name: bench_snap\nversion: "1.0"\nconfig-version: 2\nprofile: bench_snap\nmodel-paths: ["models"]\nsnapshot-paths: ["snapshots"]\nflags:\n  send_anonymous_usage_stats: false\n`);
  writeFileSync(
    join(dir, "profiles.yml"),
    `bench_snap:\n  target: bench\n  outputs:\n    bench:\n      type: trino\n      method: none\n      user: ${USERS.dbt}\n      host: ${trinoUrl.hostname}\n      port: ${trinoUrl.port || 8080}\n      http_scheme: ${trinoUrl.protocol.replace(":", "")}\n      database: ${CAT}\n      schema: ${DBT}\n      threads: 1\n`,
  );
  writeFileSync(join(dir, "models/sources.yml"), `version: 2\nsources:\n  - name: ${SRC}\n    database: ${CAT}\n    schema: ${SRC}\n    tables:\n      - name: applicants\n`);
  writeFileSync(
    join(dir, `snapshots/${MODEL}.sql`),
    `{% snapshot ${MODEL} %}\n{{ config(target_database='${CAT}', target_schema='${DBT}', unique_key='id', strategy='timestamp', updated_at='updated_at') }}\n${SELECT} {{ source('${SRC}', 'applicants') }}\n{% endsnapshot %}\n`,
  );
}

interface Measured {
  readonly tool: Tool;
  readonly wallMs: number;
  readonly queries: readonly QueryFigures[];
  /** Iceberg snapshots added to the history table by this run. */
  readonly commits: number;
  readonly operations: string;
  readonly addedRecords: number;
}

async function snapshotsOf(schema: string): Promise<{ id: string; operation: string; summary: Record<string, string> }[]> {
  const exists = await q(`SELECT count(*) FROM ${CAT}.information_schema.tables WHERE table_schema = '${schema}' AND table_name = '${MODEL}'`);
  if (Number(exists[0]?.[0] ?? 0) === 0) return [];
  const rows = await q(`SELECT CAST(snapshot_id AS varchar), operation, summary FROM ${CAT}.${schema}."${MODEL}$snapshots"`);
  return rows.map((r) => ({ id: String(r[0]), operation: String(r[1]), summary: (r[2] ?? {}) as Record<string, string> }));
}

async function measure(tool: Tool, dir: string): Promise<Measured> {
  const schema = tool === "lakeform" ? LF : DBT;
  const before = new Set((await snapshotsOf(schema)).map((s) => s.id));
  const since = new Date(Date.now() - 1000);
  const t0 = performance.now();
  const r =
    tool === "lakeform"
      ? sh(process.execPath, [join(REPO, "dist/cli/main.js"), "run", dir, "--no-run-log"], { ...process.env, LAKEFORM_TRINO_USER: USERS.lakeform })
      : sh(join(DBT_VENV, "bin/dbt"), ["snapshot", "--project-dir", dir, "--profiles-dir", dir, "--no-version-check"], dbtEnv());
  const wallMs = performance.now() - t0;
  if (r.code !== 0) throw new Error(`${tool} failed (exit ${r.code}):\n${r.out.slice(-4000)}\n${r.err.slice(-4000)}`);
  const queries = await queriesOf(conn.trino.url, SETUP_USER, USERS[tool], since);
  const added = (await snapshotsOf(schema)).filter((s) => !before.has(s.id));
  return {
    tool,
    wallMs,
    queries,
    commits: added.length,
    operations: added.map((s) => s.operation).join("+") || "none",
    addedRecords: added.reduce((a, s) => a + Number(s.summary["added-records"] ?? 0), 0),
  };
}

async function dropSchema(schema: string): Promise<void> {
  const exists = await q(`SELECT count(*) FROM ${CAT}.information_schema.schemata WHERE schema_name = '${schema}'`);
  if (Number(exists[0]?.[0] ?? 0) === 0) return;
  for (const [name, type] of await q(`SELECT table_name, table_type FROM ${CAT}.information_schema.tables WHERE table_schema = '${schema}'`)) {
    await q(`DROP ${type === "VIEW" ? "VIEW" : "TABLE"} IF EXISTS ${CAT}.${schema}."${String(name)}"`);
  }
  await q(`DROP SCHEMA IF EXISTS ${CAT}.${schema}`);
}

const sum = (xs: readonly QueryFigures[], f: (x: QueryFigures) => number) => xs.reduce((a, x) => a + f(x), 0);
/** dbt's snapshot stages its changes in a `__dbt_tmp` table (one more Iceberg table, created and dropped). */
const staging = (m: Measured) => m.queries.filter((x) => /^DROP TABLE/.test(x.kind)).length;

function table(lf: Measured, dbt: Measured): string {
  const rows: FigureRow[] = [
    ["wall time (whole CLI process)", lf.wallMs, dbt.wallMs, fmtMs],
    ["Trino queries sent", lf.queries.length, dbt.queries.length, fmtN],
    ["Trino elapsed, sum over queries", sum(lf.queries, (x) => x.elapsedMs), sum(dbt.queries, (x) => x.elapsedMs), fmtMs],
    ["Trino CPU time, sum over queries", sum(lf.queries, (x) => x.cpuMs), sum(dbt.queries, (x) => x.cpuMs), fmtMs],
    ["physical input bytes", sum(lf.queries, (x) => x.inputBytes), sum(dbt.queries, (x) => x.inputBytes), fmtBytes],
    ["rows into Trino's writer operators", sum(lf.queries, (x) => x.writerRows), sum(dbt.queries, (x) => x.writerRows), fmtN],
    ["Iceberg commits on the history table", lf.commits, dbt.commits, fmtN],
    ["staging tables created and dropped", staging(lf), staging(dbt), fmtN],
    ["history: added-records ($snapshots)", lf.addedRecords, dbt.addedRecords, fmtN],
  ];
  return comparisonTable(rows, "history snapshot operations", lf.operations, dbt.operations);
}

function queryList(m: Measured): string {
  return m.queries.map((x) => `    ${x.kind.padEnd(24)} ${fmtMs(x.elapsedMs).padStart(7)} cpu ${fmtMs(x.cpuMs).padStart(7)}  in ${fmtBytes(x.inputBytes).padStart(10)}  to writers ${fmtN(x.writerRows).padStart(9)}  ${x.id}`).join("\n");
}

/** The two histories as (key, attributes, current?) — valid_from/to differ only by name. */
async function compare(): Promise<{ lfMinusDbt: number; dbtMinusLf: number; lfRows: number; dbtRows: number; lfCurrent: number; dbtCurrent: number }> {
  const one = async (sql: string) => Number((await q(sql))[0]?.[0] ?? NaN);
  const lf = `SELECT id, uf, municipio, tipo_pessoa, renda, updated_at, is_current AS cur, valid_from AS vf, valid_to AS vt FROM ${CAT}.${LF}.${MODEL}`;
  const dbt = `SELECT id, uf, municipio, tipo_pessoa, renda, updated_at, dbt_valid_to IS NULL AS cur, CAST(dbt_valid_from AS timestamp(6) with time zone) AS vf, CAST(dbt_valid_to AS timestamp(6) with time zone) AS vt FROM ${CAT}.${DBT}.${MODEL}`;
  return {
    lfMinusDbt: await one(`SELECT count(*) FROM (${lf} EXCEPT ${dbt})`),
    dbtMinusLf: await one(`SELECT count(*) FROM (${dbt} EXCEPT ${lf})`),
    lfRows: await one(`SELECT count(*) FROM ${CAT}.${LF}.${MODEL}`),
    dbtRows: await one(`SELECT count(*) FROM ${CAT}.${DBT}.${MODEL}`),
    lfCurrent: await one(`SELECT count(*) FROM ${CAT}.${LF}.${MODEL} WHERE is_current`),
    dbtCurrent: await one(`SELECT count(*) FROM ${CAT}.${DBT}.${MODEL} WHERE dbt_valid_to IS NULL`),
  };
}

const dbtVersion = provisionDbt();
const lfDir = join(WORK, "lakeform");
const dbtDir = join(WORK, "dbt");
writeLakeformProject(lfDir);
writeDbtProject(dbtDir);

try {
  for (const s of SCHEMAS) await dropSchema(s);
  await q(`CREATE SCHEMA ${CAT}.${SRC}`);
  await q(`CREATE SCHEMA ${CAT}.${DBT}`);
  log(`source: generating ${fmtN(ROWS)} applicants in ${CAT}.${SRC}.applicants …`);
  await q(`CREATE TABLE ${CAT}.${SRC}.applicants AS
SELECT id,
  element_at(ARRAY['SP', 'MG', 'PR', 'RS', 'GO', 'MT', 'BA'], CAST(id % 7 + 1 AS integer)) AS uf,
  'municipio_' || CAST(id % 5000 AS varchar) AS municipio,
  IF(id % 10 = 0, 'PJ', 'PF') AS tipo_pessoa,
  CAST((id * 7919) % 2000000 AS decimal(14, 2)) AS renda,
  date_add('second', CAST(id % 86400 AS integer), TIMESTAMP '2026-01-01 00:00:00.000000') AS updated_at
FROM (SELECT a * 1000 + b AS id FROM UNNEST(sequence(0, ${ROWS / 1000 - 1})) AS x(a) CROSS JOIN UNNEST(sequence(1, 1000)) AS y(b))`);
  await q(`SELECT count(*), max(renda) FROM ${CAT}.${SRC}.applicants`); // warm the files once

  const runs: { phase: string; lf: Measured; dbt: Measured }[] = [];
  const both = async (phase: string, dbtFirst: boolean) => {
    const got: Partial<Record<Tool, Measured>> = {};
    for (const tool of (dbtFirst ? ["dbt", "lakeform"] : ["lakeform", "dbt"]) as Tool[]) {
      log(`${phase}: ${tool} …`);
      got[tool] = await measure(tool, tool === "lakeform" ? lfDir : dbtDir);
    }
    runs.push({ phase: `${phase} (${dbtFirst ? "dbt" : "Lakeform"} ran first)`, lf: got.lakeform!, dbt: got.dbt! });
  };
  await both("first snapshot", false);
  log(`changing ${fmtN(CHANGED)} rows (1%) …`);
  await q(`UPDATE ${CAT}.${SRC}.applicants SET renda = renda + 1, uf = 'RJ', updated_at = TIMESTAMP '2026-02-01 00:00:00.000000' WHERE id % 100 = 37`);
  await q(`SELECT count(*), max(renda) FROM ${CAT}.${SRC}.applicants`);
  await both("1% changed", true);
  await both("nothing changed", false);

  const cmp = await compare();
  const trinoVersion = (await q("SELECT node_version FROM system.runtime.nodes LIMIT 1"))[0]?.[0];
  const changed = runs[1]!;
  const noop = runs[2]!;
  process.stdout.write(
    [
      "",
      `SCD2 snapshot: Lakeform (type: "snapshot", one MERGE per run) vs ${dbtVersion} (dbt snapshot), timestamp strategy, same Trino ${String(trinoVersion)}, in one run`,
      `machine: ${cpus().length} cores, load ${loadavg().map((x) => x.toFixed(2)).join(" ")} (shared); source ${fmtN(ROWS)} rows, ${fmtN(CHANGED)} changed (1%)`,
      "Lakeform runs with --no-run-log (dbt keeps its run results in local files, not in the warehouse).",
      "",
      ...runs.flatMap((r) => [`== ${r.phase} ==`, table(r.lf, r.dbt), ""]),
      `1% changed: wall Lakeform / dbt ${ratio(changed.lf.wallMs, changed.dbt.wallMs)}, Trino CPU ${ratio(sum(changed.lf.queries, (x) => x.cpuMs), sum(changed.dbt.queries, (x) => x.cpuMs))}; commits on the history ${changed.lf.commits} vs ${changed.dbt.commits}`,
      `nothing changed: wall Lakeform / dbt ${ratio(noop.lf.wallMs, noop.dbt.wallMs)}; commits on the history ${noop.lf.commits} vs ${noop.dbt.commits}`,
      "",
      "queries per tool, 1% changed:",
      "  Lakeform",
      queryList(changed.lf),
      "  dbt-trino",
      queryList(changed.dbt),
      "",
      `histories: Lakeform ${fmtN(cmp.lfRows)} versions (${fmtN(cmp.lfCurrent)} current), dbt ${fmtN(cmp.dbtRows)} versions (${fmtN(cmp.dbtCurrent)} current); expected ${fmtN(ROWS + CHANGED)} (${fmtN(ROWS)} current)`,
      `contents (key, attributes, current?, valid_from, valid_to): Lakeform EXCEPT dbt = ${fmtN(cmp.lfMinusDbt)}, dbt EXCEPT Lakeform = ${fmtN(cmp.dbtMinusLf)} → ${cmp.lfMinusDbt === 0 && cmp.dbtMinusLf === 0 ? "IDENTICAL" : "DIFFERENT"}`,
      "",
    ].join("\n"),
  );
} finally {
  if (KEEP) log(`BENCH_KEEP=1: schemas ${SCHEMAS.join(", ")} kept`);
  else {
    for (const s of SCHEMAS) await dropSchema(s).catch((e: unknown) => log(`could not drop ${s}: ${String(e)}`));
    log(`dropped schemas ${SCHEMAS.join(", ")}`);
  }
}
