/**
 * Provisioning SQLMesh (pinned, from PyPI, into a venv under ~/.cache/lakeform/peers), like
 * bench/dbt-peer.ts does for dbt-trino. Loaded by bench scripts with
 * `import(new URL("./sqlmesh-peer.ts", import.meta.url))` (Node strips the types).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const SQLMESH_PINS = ["sqlmesh[trino]==0.236.4"];
export const SQLMESH_VENV = process.env.SQLMESH_VENV ?? join(homedir(), ".cache/lakeform/peers/sqlmesh-venv");

function sh(cmd: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, out: r.stdout, err: r.stderr };
}

/** No analytics calls home, no update check. */
export function sqlmeshEnv(): NodeJS.ProcessEnv {
  return { ...process.env, SQLMESH__DISABLE_ANONYMIZED_ANALYTICS: "1", DO_NOT_TRACK: "1" };
}

/** Installs the pinned sqlmesh[trino] into SQLMESH_VENV when missing; returns the version SQLMesh reports. */
export function provisionSqlmesh(): string {
  const py = join(SQLMESH_VENV, "bin/python");
  const installed = existsSync(py) ? sh(py, ["-m", "pip", "freeze"]).out.toLowerCase() : "";
  const missing = SQLMESH_PINS.filter((p) => !installed.includes(p.replace(/\[[^\]]*\]/, "").toLowerCase()) || !installed.includes("trino=="));
  if (missing.length > 0) {
    process.stderr.write(`provisioning ${SQLMESH_PINS.join(" ")} into ${SQLMESH_VENV} …\n`);
    if (!existsSync(py)) {
      const v = sh("python3", ["-m", "venv", SQLMESH_VENV]);
      if (v.code !== 0) throw new Error(`python3 -m venv failed: ${v.err}`);
    }
    const i = sh(py, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...SQLMESH_PINS]);
    if (i.code !== 0) throw new Error(`pip install ${SQLMESH_PINS.join(" ")} failed:\n${i.err.slice(-4000)}`);
  }
  const v = sh(join(SQLMESH_VENV, "bin/sqlmesh"), ["--version"]);
  if (v.code !== 0) throw new Error(`sqlmesh --version failed: ${v.err}`);
  return `SQLMesh ${v.out.trim()}`;
}
