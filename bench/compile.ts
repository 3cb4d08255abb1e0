/**
 * `npm run bench:compile`: generates medallion projects of 1k/5k/10k models and prints, side
 * by side, Lakeform's cold compile (whole process: graph + every SQL statement rendered, as
 * `compile --json`) and `@dataform/cli compile --json` on the same projects in the same run,
 * then the watch-mode recompile time after a one-file edit. Not a test: numbers, no asserts.
 *
 * Env: BENCH_SIZES=1000,5000  BENCH_DATAFORM=0 (skip the peer)  BENCH_DATAFORM_MAX=5000
 * (largest size the slow peer runs on)  DATAFORM_CLI=/path/to/dataform.
 */

import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, homedir, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "..");
/** The real `lakeform` bin: the figures include its start-up, as a user's `lakeform compile` does. */
const ENTRY = join(REPO, "dist/cli/main.js");
const REPEAT = Number(process.env["BENCH_REPEAT"] ?? "3");

// ---- project generator -----------------------------------------------------------------

/** Deterministic medallion project: 10% bronze declarations, 50% silver, 40% gold. */
export function generateProject(dir: string, models: number): void {
  rmSync(dir, { recursive: true, force: true });
  for (const d of ["definitions/bronze", "definitions/silver", "definitions/gold", "includes"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "workflow_settings.yaml"), "defaultProject: lake\ndefaultDataset: silver\ndefaultAssertionDataset: quality\nvars:\n  start_date: \"2024-01-01\"\n");
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "bench-project", private: true, dependencies: { "@dataform/core": "3.0.62" } }));
  // A real copy: the Dataform CLI's vm2 sandbox refuses modules resolved outside the project.
  cpSync(join(REPO, "node_modules/@dataform/core"), join(dir, "node_modules/@dataform/core"), { recursive: true });
  writeFileSync(join(dir, "includes/constants.js"), 'module.exports = { START: "2024-01-01", regions: ["N", "NE", "CO", "SE", "S"] };\n');
  const bronze = Math.max(10, Math.round(models * 0.1));
  const silver = Math.round(models * 0.5);
  const gold = models - bronze - silver;
  for (let i = 0; i < bronze; i++) {
    writeFileSync(join(dir, `definitions/bronze/raw_${i}.sqlx`), `config { type: "declaration", schema: "bronze", name: "raw_${i}" }\n`);
  }
  for (let i = 0; i < silver; i++) {
    const src = `raw_${i % bronze}`;
    const incremental = i % 3 === 0;
    const asserts = i % 10 === 0 ? `,\n  assertions: { uniqueKey: ["id"], nonNull: ["id", "ts"] }` : "";
    const extra = i > 10 && i % 4 === 0 ? `\nLEFT JOIN \${ref("silver_${i - 7}")} AS p ON p.id = r.id` : "";
    const body = incremental
      ? `config {\n  type: "incremental",\n  uniqueKey: ["id"],\n  tags: ["silver"]${asserts}\n}\nSELECT r.id, r.ts, r.amount\nFROM \${ref("${src}")} AS r${extra}\nWHERE r.ts >= DATE '\${constants.START}'\n\${when(incremental(), \`AND r.ts > (SELECT max(ts) FROM \${self()})\`)}\n`
      : `config {\n  type: "table",\n  tags: ["silver"]${asserts}\n}\nSELECT r.id, r.ts, r.amount\nFROM \${ref("${src}")} AS r${extra}\nWHERE r.ts >= DATE '\${constants.START}'\n`;
    writeFileSync(join(dir, `definitions/silver/silver_${i}.sqlx`), body);
  }
  for (let i = 0; i < gold; i++) {
    const a = `silver_${(i * 7) % silver}`;
    const b = `silver_${(i * 13 + 1) % silver}`;
    const type = i % 2 === 0 ? "view" : "table";
    writeFileSync(
      join(dir, `definitions/gold/gold_${i}.sqlx`),
      `config { type: "${type}", schema: "gold", tags: ["gold"] }\nSELECT a.id, sum(a.amount) AS total, max(b.ts) AS last_ts\nFROM \${ref("${a}")} AS a\nJOIN \${ref("${b}")} AS b ON a.id = b.id\nGROUP BY a.id\n`,
    );
  }
}

// ---- runners -----------------------------------------------------------------------------


function timeProcess(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): { ms: number; ok: boolean; detail: string } {
  const started = performance.now();
  const r = spawnSync(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 30, encoding: "utf8" });
  const ms = performance.now() - started;
  const ok = r.status === 0;
  return { ms, ok, detail: ok ? `${(r.stdout.length / 1e6).toFixed(1)} MB JSON` : (r.stderr || r.stdout).slice(0, 400) };
}

function findDataformCli(): string | undefined {
  const candidates = [process.env["DATAFORM_CLI"], join(homedir(), ".cache/lakeform/peers/node_modules/.bin/dataform"), join(REPO, "bench/.peers/node_modules/.bin/dataform")];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

/** Starts `compile --watch`, edits one model, and reads back the recompile time it prints. */
async function watchRecompile(dir: string): Promise<{ recompileMs: number; editToOutputMs: number }> {
  const child = spawn(process.execPath, [ENTRY, "compile", dir, "--watch"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const waitFor = (n: number): Promise<void> =>
    new Promise((res, rej) => {
      const check = (): void => {
        if ((out.match(/Compiled \d+ action/g) ?? []).length >= n) res();
      };
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        check();
      });
      child.once("exit", () => rej(new Error(`watch exited: ${out.slice(-500)}`)));
      check();
    });
  await waitFor(1);
  await new Promise((r) => setTimeout(r, 300)); // let the watcher finish its initial scan
  const file = join(dir, "definitions/silver/silver_1.sqlx");
  const edited = performance.now();
  writeFileSync(file, readFileSync(file, "utf8").replace("r.amount", "r.amount, r.amount * 2 AS doubled"));
  await waitFor(2);
  const editToOutputMs = performance.now() - edited;
  child.kill("SIGTERM");
  const times = [...out.matchAll(/in (\d+) ms/g)].map((m) => Number(m[1]));
  return { recompileMs: times[1] ?? NaN, editToOutputMs };
}

// ---- main ------------------------------------------------------------------------------

const sizes = (process.env["BENCH_SIZES"] ?? "1000,5000,10000").split(",").map(Number);
const dataformMax = Number(process.env["BENCH_DATAFORM_MAX"] ?? "5000");
const dataform = process.env["BENCH_DATAFORM"] === "0" ? undefined : findDataformCli();
const root = join(tmpdir(), "lakeform-bench");

if (!existsSync(join(REPO, "dist/cli/commands/compile.js"))) {
  console.error("dist/ is missing: run `npm run build` first (bench:compile does)");
  process.exit(1);
}
mkdirSync(root, { recursive: true });
// Like an installed tool: Node's compile cache for Lakeform's own modules is warm (the project is not).
spawnSync(process.execPath, [ENTRY, "--version"], { stdio: "ignore" });

/** Cold compile (no .lakeform/cache), REPEAT times: the median and the best, as the machine is noisy. */
function coldRuns(dir: string, env: NodeJS.ProcessEnv): { median: number; best: number; ok: boolean; detail: string } {
  const runs = [];
  for (let i = 0; i < REPEAT; i++) {
    rmSync(join(dir, ".lakeform"), { recursive: true, force: true });
    runs.push(timeProcess(process.execPath, [ENTRY, "compile", dir, "--json"], dir, env));
  }
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const bad = runs.find((r) => !r.ok);
  return { median: ms[Math.floor(ms.length / 2)] ?? NaN, best: ms[0] ?? NaN, ok: !bad, detail: (bad ?? runs[0])?.detail ?? "" };
}
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
console.log(`node ${process.version}, ${dataform ? `Dataform CLI: ${dataform}` : "Dataform CLI: not installed (install @dataform/cli under ~/.cache/lakeform/peers)"}\n`);
console.log(`cold = no .lakeform/cache, median (best) of ${REPEAT}; 1 thread = LAKEFORM_COMPILE_THREADS=1; cached = second run with .lakeform/cache\n`);
console.log("models | lakeform cold     | cold, 1 thread    | lakeform cached | dataform cli   | ratio  | watch recompile | edit→output");
console.log("-------|-------------------|-------------------|-----------------|----------------|--------|-----------------|------------");
for (const n of sizes) {
  const dir = join(root, `medallion-${n}`);
  generateProject(dir, n);
  const one = coldRuns(dir, { ...process.env, LAKEFORM_COMPILE_THREADS: "1" });
  const lf = coldRuns(dir, process.env);
  if (!lf.ok) console.error(`lakeform failed on ${n}: ${lf.detail}`);
  // Second run: same process cost, but unchanged files come from .lakeform/cache.
  const cached = timeProcess(process.execPath, [ENTRY, "compile", dir, "--json"], dir);
  let df: ReturnType<typeof timeProcess> | undefined;
  if (dataform && n <= dataformMax) {
    df = timeProcess(dataform, ["compile", dir, "--json", "--timeout=30m"], dir);
    if (!df.ok) console.error(`dataform failed on ${n}: ${df.detail}`);
  }
  const w = await watchRecompile(dir);
  const dfText = df ? `${(df.ms / 1000).toFixed(2)} s${df.ok ? "" : " (failed)"}` : "skipped";
  const ratio = df?.ok ? `${(df.ms / lf.median).toFixed(1)}×` : "-";
  console.log(
    `${String(n).padStart(6)} | ${`${secs(lf.median)} (${secs(lf.best)})`.padStart(17)} | ${`${secs(one.median)} (${secs(one.best)})`.padStart(17)} | ${secs(cached.ms).padStart(15)} | ${dfText.padStart(14)} | ${ratio.padStart(6)} | ${`${w.recompileMs} ms`.padStart(15)} | ${`${w.editToOutputMs.toFixed(0)} ms`.padStart(10)}`,
  );
}
console.log(`\nload average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores (wall times are noisy on a busy machine)`);
console.log("\nratio = Dataform CLI time / Lakeform cold median (higher is better for Lakeform). Goals: 10k ≤ 1.5 s; 5k watch recompile ≤ 300 ms.");
