import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * The integration tier runs against the real lakehouse: bring the native stack up through the
 * CLI exactly as a user would (idempotent; a warm machine takes seconds). Failing to start is a
 * test failure, never a skip.
 */
export default function setup(): void {
  const root = resolve(import.meta.dirname, "..", "..");
  const cli = join(root, "dist", "cli", "main.js");
  if (!existsSync(cli)) {
    const b = spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: root, stdio: "inherit" });
    if (b.status !== 0) throw new Error("build failed; run `npm run build`");
  }
  const r = spawnSync(process.execPath, [cli, "stack", "up"], { cwd: root, stdio: "inherit", timeout: 40 * 60_000 });
  if (r.status !== 0) throw new Error(`\`lakeform stack up\` failed (exit ${r.status}); see the logs under ~/.cache/lakeform/stack/logs`);
}
