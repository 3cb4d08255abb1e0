/**
 * `npm run bench:files`: CSV file landing throughput (rows/s, MB/s) and the ingester's peak RSS,
 * against the baseline a user would otherwise write, measured in the same run: Trino reading the
 * same object through a Hive-connector table over the same prefix
 * (`CREATE TABLE hive… WITH (external_location, format = 'CSV')` + `INSERT INTO iceberg… SELECT`
 * with casts), which has neither exactly-once bookkeeping nor dead letters.
 *
 * For each size: a CSV is generated locally, uploaded once, then landed by the real CLI
 * (`lakeform ingest --until-idle`, its own process: wall time and peak RSS from /proc VmHWM),
 * then by the Hive baseline (wall time; its memory is Trino's). Both tables are checked for the
 * same row count. Not a test: figures and ratios only.
 *
 * Env: BENCH_ROWS (comma-separated sizes, default "1000000,10000000"), BENCH_BATCH_ROWS (the
 * stream's batch.maxRows, default 100000), BENCH_HEAP_CAP_MB (also land each file again with the
 * ingester's old-space heap capped at that size: peak RSS with live memory bounded, which is what
 * "independent of the file size" is about — without a cap V8 grows its heap lazily). The baseline needs the optional `hive` catalog
 * (`LAKEFORM_TRINO_HIVE=1 node dist/cli/main.js stack up`, which restarts the shared Trino); without
 * it the baseline is reported as skipped. Needs `npm run build` and the stack.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as TrinoMod from "../src/adapters/trino/client.js";
import type * as ConnMod from "../src/config/connection.js";
import type * as S3Mod from "../src/adapters/s3/bucket-client.js";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const [{ TrinoClient }, { resolveConnections }, { S3Bucket }] = await Promise.all([
  load<typeof TrinoMod>("adapters/trino/client.js"),
  load<typeof ConnMod>("config/connection.js"),
  load<typeof S3Mod>("adapters/s3/bucket-client.js"),
]);

const SIZES = (process.env.BENCH_ROWS ?? "1000000,10000000").split(",").map((s) => Number(s.trim())).filter((n) => n > 0);
const BATCH_ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 100_000);
const HEAP_CAP_MB = Number(process.env.BENCH_HEAP_CAP_MB ?? 0);
const CLI = join(REPO, "dist/cli/main.js");
const id = Date.now().toString(36);
const schema = `bench_files_${id}`;
const conn = resolveConnections(REPO);
const trino = new TrinoClient(conn.trino);
const landing = new S3Bucket(conn.s3, "landing");
const work = mkdtempSync(join(tmpdir(), "lakeform-bench-files-"));

const SCHEMA = {
  type: "record",
  name: "Venda",
  fields: [
    { name: "id", type: "long" },
    { name: "produto", type: "string" },
    { name: "uf", type: "string" },
    { name: "quantidade", type: "int" },
    { name: "valor", type: { type: "bytes", logicalType: "decimal", precision: 12, scale: 2 } },
    { name: "data", type: { type: "int", logicalType: "date" } },
  ],
};
const UFS = ["SP", "RJ", "MG", "BA", "PR", "RS", "PE", "CE", "PA", "GO"];

async function writeCsv(path: string, n: number): Promise<void> {
  await new Promise<void>((done, fail) => {
    const w = createWriteStream(path);
    w.on("error", fail);
    w.write("id,produto,uf,quantidade,valor,data\n");
    let i = 1;
    const more = () => {
      let ok = true;
      while (i <= n && ok) {
        const d = new Date(Date.UTC(2024, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
        ok = w.write(`${i},"Produto ${i % 5000}",${UFS[i % UFS.length]},${(i % 97) + 1},${((i * 7919) % 1_000_000) / 100},${d}\n`);
        i++;
      }
      if (i > n) w.end(done);
      else w.once("drain", more);
    };
    more();
  });
}

/** Runs the CLI; returns wall ms and the child's peak RSS (VmHWM, polled from /proc). */
async function timedCli(args: string[], cwd: string, nodeFlags: string[] = []): Promise<{ ms: number; peakRssMb: number; out: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, CLI, ...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // exited
    }
  }, 100);
  const code = await new Promise<number | null>((r) => child.once("exit", r));
  clearInterval(poll);
  if (code !== 0) throw new Error(`lakeform ${args.join(" ")} exited ${code}:\n${out.slice(-3000)}`);
  return { ms: performance.now() - t0, peakRssMb: peakKb / 1024, out };
}

async function count(table: string): Promise<number> {
  return Number((await trino.query(`SELECT count(*) FROM ${table}`)).rows[0]?.[0]);
}

async function hiveAvailable(): Promise<boolean> {
  const r = await trino.query("SHOW CATALOGS");
  return r.rows.some((row) => row[0] === "hive");
}

const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

interface Result {
  rows: number;
  mb: number;
  lakeform: { ms: number; peakRssMb: number };
  capped: { ms: number; peakRssMb: number } | undefined;
  hive: { ms: number } | undefined;
}

const hive = await hiveAvailable();
console.log(`file landing bench: sizes ${SIZES.map((n) => fmt(n)).join(", ")}, batch.maxRows ${fmt(BATCH_ROWS)}, load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
if (!hive) console.log("hive catalog not configured: the Trino baseline is skipped (run `LAKEFORM_TRINO_HIVE=1 node dist/cli/main.js stack up` first)");
await trino.query(`CREATE SCHEMA IF NOT EXISTS iceberg."${schema}"`);
if (hive) await trino.query(`CREATE SCHEMA IF NOT EXISTS hive."${schema}" WITH (location = 's3://warehouse/hive/${schema}/')`);

const results: Result[] = [];
const created: string[] = [];
try {
  for (const n of SIZES) {
    const name = `vendas_${n}`;
    const prefix = `bench-files-${id}/${name}/`;
    const dir = join(work, name);
    mkdirSync(join(dir, "streams/schemas"), { recursive: true });
    writeFileSync(join(dir, "streams/schemas/venda.avsc"), JSON.stringify(SCHEMA));
    writeFileSync(join(dir, `streams/${name}.yaml`), `source: files\nlocation: s3://landing/${prefix}\nformat: { encoding: csv, schema: schemas/venda.avsc }\ntarget: { schema: ${schema} }\nbatch: { maxRows: ${BATCH_ROWS} }\n`);
    const csv = join(work, `${name}.csv`);
    process.stdout.write(`\n${fmt(n)} rows: writing the CSV… `);
    await writeCsv(csv, n);
    const mb = statSync(csv).size / 1024 / 1024;
    process.stdout.write(`${fmt(mb, 1)} MB; uploading… `);
    await landing.ensure();
    await landing.putFile(`${prefix}vendas.csv`, csv);
    created.push(prefix);
    rmSync(csv);
    console.log("done");

    const lf = await timedCli(["ingest", "--streams", name, "--until-idle"], dir);
    const landed = await count(`iceberg."${schema}"."${name}"`);
    if (landed !== n) throw new Error(`lakeform landed ${landed} rows, expected ${n}`);
    console.log(`  lakeform ingest: ${fmt(lf.ms / 1000, 1)} s, ${fmt(n / (lf.ms / 1000))} rows/s, ${fmt(mb / (lf.ms / 1000), 1)} MB/s, peak RSS ${fmt(lf.peakRssMb)} MB`);
    let capped: Result["capped"];
    if (HEAP_CAP_MB > 0) {
      // the same object again, into a second landing with its own bronze table
      const again = `${name}_cap`;
      writeFileSync(join(dir, `streams/${again}.yaml`), `source: files\nlocation: s3://landing/${prefix}\nformat: { encoding: csv, schema: schemas/venda.avsc }\ntarget: { schema: ${schema} }\nbatch: { maxRows: ${BATCH_ROWS} }\n`);
      capped = await timedCli(["ingest", "--streams", again, "--until-idle"], dir, [`--max-old-space-size=${HEAP_CAP_MB}`]);
      const got = await count(`iceberg."${schema}"."${again}"`);
      if (got !== n) throw new Error(`lakeform (heap cap) landed ${got} rows, expected ${n}`);
      console.log(`  lakeform ingest, old-space heap capped at ${HEAP_CAP_MB} MB: ${fmt(capped.ms / 1000, 1)} s, ${fmt(n / (capped.ms / 1000))} rows/s, peak RSS ${fmt(capped.peakRssMb)} MB`);
    }

    let h: Result["hive"];
    if (hive) {
      const ext = `hive."${schema}"."${name}_csv"`;
      const target = `iceberg."${schema}"."${name}_hive"`;
      await trino.query(
        `CREATE TABLE ${ext} (id varchar, produto varchar, uf varchar, quantidade varchar, valor varchar, data varchar) ` +
          `WITH (external_location = 's3://landing/${prefix}', format = 'CSV', skip_header_line_count = 1)`,
      );
      await trino.query(`CREATE TABLE ${target} (id bigint, produto varchar, uf varchar, quantidade integer, valor decimal(12, 2), data date) WITH (format = 'PARQUET')`);
      const t0 = performance.now();
      await trino.query(
        `INSERT INTO ${target} SELECT CAST(id AS bigint), produto, uf, CAST(quantidade AS integer), CAST(valor AS decimal(12, 2)), CAST(data AS date) FROM ${ext}`,
      );
      const ms = performance.now() - t0;
      const got = await count(target);
      if (got !== n) throw new Error(`hive baseline landed ${got} rows, expected ${n}`);
      h = { ms };
      console.log(`  trino hive → iceberg: ${fmt(ms / 1000, 1)} s, ${fmt(n / (ms / 1000))} rows/s, ${fmt(mb / (ms / 1000), 1)} MB/s (memory: Trino's JVM, not measured)`);
      console.log(`  ratio lakeform / trino: time ${fmt(lf.ms / ms, 2)}× (${lf.ms <= ms ? "lakeform at least as fast" : "lakeform slower"})`);
    }
    results.push({ rows: n, mb, lakeform: { ms: lf.ms, peakRssMb: lf.peakRssMb }, capped, hive: h });
  }
  console.log("\nsummary");
  console.log("rows        MB      lakeform rows/s  MB/s   peak RSS MB   trino rows/s  MB/s   time ratio");
  for (const r of results) {
    const lr = r.rows / (r.lakeform.ms / 1000);
    const hr = r.hive ? r.rows / (r.hive.ms / 1000) : undefined;
    console.log(
      `${fmt(r.rows).padEnd(11)} ${fmt(r.mb, 1).padEnd(7)} ${fmt(lr).padStart(15)}  ${fmt(r.mb / (r.lakeform.ms / 1000), 1).padStart(5)}  ${fmt(r.lakeform.peakRssMb).padStart(11)}   ${hr ? fmt(hr).padStart(12) : "skipped".padStart(12)}  ${r.hive ? fmt(r.mb / (r.hive.ms / 1000), 1).padStart(5) : "".padStart(5)}  ${r.hive ? `${fmt(r.lakeform.ms / r.hive.ms, 2)}×` : ""}`,
    );
  }
  if (results.length > 1) {
    const [a, b] = [results[0]!, results[results.length - 1]!];
    console.log(`peak RSS ${fmt(a.lakeform.peakRssMb)} MB at ${fmt(a.rows)} rows vs ${fmt(b.lakeform.peakRssMb)} MB at ${fmt(b.rows)} rows (${fmt(b.rows / a.rows, 0)}× the rows)`);
    if (a.capped && b.capped) console.log(`with the heap capped at ${HEAP_CAP_MB} MB: ${fmt(a.capped.peakRssMb)} MB vs ${fmt(b.capped.peakRssMb)} MB (${fmt(b.capped.peakRssMb / a.capped.peakRssMb, 2)}×)`);
  }
} finally {
  const tables = await trino.query(`SHOW TABLES FROM iceberg."${schema}"`).catch(() => ({ rows: [] as unknown[][] }));
  for (const [t] of tables.rows) await trino.query(`DROP TABLE IF EXISTS iceberg."${schema}"."${String(t)}"`).catch(() => undefined);
  await trino.query(`DROP SCHEMA IF EXISTS iceberg."${schema}"`).catch(() => undefined);
  if (hive) {
    const ht = await trino.query(`SHOW TABLES FROM hive."${schema}"`).catch(() => ({ rows: [] as unknown[][] }));
    for (const [t] of ht.rows) await trino.query(`DROP TABLE IF EXISTS hive."${schema}"."${String(t)}"`).catch(() => undefined);
    await trino.query(`DROP SCHEMA IF EXISTS hive."${schema}"`).catch(() => undefined);
  }
  for (const p of created) for (const o of await landing.list(p)) await landing.delete(o.key);
  rmSync(work, { recursive: true, force: true });
}
