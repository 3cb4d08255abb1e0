/**
 * `npm run bench:compat`: Lakeform's compile vs the Dataform CLI's on the Dataform-style fixture
 * projects of the compatibility tests (tests/fixtures/dataform-compat: the 27-file BigQuery shop,
 * YAML actions, packages in node_modules, warehouse blocks…), measured in the same run. Whole
 * processes, cold (no .lakeform/cache), `compile --json`; median of BENCH_REPEAT (default 5).
 * Not a test: numbers, no asserts. DATAFORM_CLI=/path/to/dataform overrides the peer's location.
 * Wall time only: the Dataform CLI compiles in a forked child it does not reap, so `time`'s CPU
 * figures leave the child out.
 */

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, homedir, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";

const REPO = resolve(import.meta.dirname, "..");
const ENTRY = join(REPO, "dist/cli/main.js");
const FIXTURES = join(REPO, "tests/fixtures/dataform-compat");
const REPEAT = Number(process.env["BENCH_REPEAT"] ?? "5");

function findDataformCli(): string | undefined {
  const candidates = [process.env["DATAFORM_CLI"], join(homedir(), ".cache/lakeform/peers/node_modules/.bin/dataform"), join(REPO, "bench/.peers/node_modules/.bin/dataform")];
  return candidates.find((c): c is string => c !== undefined && existsSync(c));
}

function median(cmd: string, args: readonly string[], cwd: string, before?: () => void): { ms: number; ok: boolean; detail: string } {
  const runs: number[] = [];
  let detail = "";
  let ok = true;
  for (let i = 0; i < REPEAT; i++) {
    before?.();
    const t = performance.now();
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 1 << 28 });
    runs.push(performance.now() - t);
    if (r.status !== 0) {
      ok = false;
      detail = (r.stderr || r.stdout).slice(0, 300);
    }
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)] ?? NaN, ok, detail };
}

/** A copy the Dataform CLI accepts: its sandbox needs @dataform/core installed inside the project. */
function dataformCopy(src: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-compat-bench-"));
  cpSync(src, dir, { recursive: true });
  const pkgPath = join(dir, "package.json");
  const pkg: { dependencies?: Record<string, string> } = existsSync(pkgPath) ? (JSON.parse(readFileSync(pkgPath, "utf8")) as { dependencies?: Record<string, string> }) : { name: "bench", private: true } as { dependencies?: Record<string, string> };
  writeFileSync(pkgPath, JSON.stringify({ ...pkg, dependencies: { ...pkg.dependencies, "@dataform/core": "3.0.62" } }));
  cpSync(join(REPO, "node_modules/@dataform/core"), join(dir, "node_modules/@dataform/core"), { recursive: true });
  return dir;
}

const countFiles = (dir: string): number =>
  readdirSync(dir).reduce((n, f) => (f === "node_modules" || f.startsWith(".") ? n : n + (statSync(join(dir, f)).isDirectory() ? countFiles(join(dir, f)) : 1)), 0);

if (!existsSync(ENTRY)) {
  console.error("dist/ is missing: run `npm run build` first (bench:compat does)");
  process.exit(1);
}
const dataform = findDataformCli();
spawnSync(process.execPath, [ENTRY, "--version"], { stdio: "ignore" }); // warm Node's compile cache, as an installed tool is
console.log(`node ${process.version}; Dataform CLI: ${dataform ?? "not installed (npm i --prefix ~/.cache/lakeform/peers @dataform/cli)"}; median of ${REPEAT}, whole process, --json\n`);
console.log("project            | files | lakeform | dataform cli | ratio");
console.log("-------------------|-------|----------|--------------|------");
const ratios: number[] = [];
for (const name of readdirSync(FIXTURES).sort()) {
  const src = join(FIXTURES, name);
  if (!statSync(src).isDirectory()) continue;
  const dir = dataformCopy(src);
  try {
    const lf = median(process.execPath, [ENTRY, "compile", dir, "--json"], dir, () => rmSync(join(dir, ".lakeform"), { recursive: true, force: true }));
    const df = dataform ? median(dataform, ["compile", dir, "--json"], dir) : undefined;
    const ratio = df?.ok && lf.ok ? df.ms / lf.ms : NaN;
    if (Number.isFinite(ratio)) ratios.push(ratio);
    const dfText = !df ? "skipped" : df.ok ? `${df.ms.toFixed(0)} ms` : "failed";
    console.log(`${name.padEnd(18)} | ${String(countFiles(src)).padStart(5)} | ${`${lf.ms.toFixed(0)} ms`.padStart(8)}${lf.ok ? "" : "!"} | ${dfText.padStart(12)} | ${Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : "-"}`);
    if (df && !df.ok) console.log(`  dataform: ${df.detail.split("\n").slice(0, 3).join(" ")}`);
    if (!lf.ok) console.log(`  lakeform: ${lf.detail.split("\n").slice(0, 3).join(" ")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (ratios.length) console.log(`\nratio = Dataform CLI / Lakeform (higher is better for Lakeform): min ${Math.min(...ratios).toFixed(1)}×, max ${Math.max(...ratios).toFixed(1)}×`);
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores`);
