/** Running the installers' and services' command-line tools, with their output on failure. */
import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { LakeformError } from "../common/errors.js";

/**
 * Run a command to completion without blocking the event loop (so downloads and builds of
 * different services proceed side by side); throw with the tail of its output on failure.
 */
export function runAsync(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; what: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const keep = (d: Buffer) => {
      out = (out + d.toString()).slice(-64 * 1024);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", (e) => reject(new LakeformError("stack", `${opts.what} failed: ${command}: ${e.message}`)));
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new LakeformError("stack", `${opts.what} failed (exit ${code}): ${command} ${args.join(" ")}\n${out.trim().split("\n").slice(-15).join("\n")}`));
    });
  });
}

/** Run a command to completion; throw with its output on failure. */
export function runChecked(command: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; uid?: number | undefined; gid?: number | undefined; what: string }): string {
  const r = spawnSync(command, [...args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(opts.uid !== undefined ? { uid: opts.uid } : {}),
    ...(opts.gid !== undefined ? { gid: opts.gid } : {}),
  });
  if (r.error || r.status !== 0) {
    const out = `${r.stdout ?? ""}\n${r.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    throw new LakeformError("stack", `${opts.what} failed: ${command} ${args.join(" ")}\n${r.error?.message ?? out}`);
  }
  return r.stdout;
}

export function which(cmd: string): string | undefined {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
}

/** Unzips with `unzip` when installed, else Python's zipfile module (always on these machines). */
export async function unzip(zip: string, into: string): Promise<void> {
  if (which("unzip")) await runAsync("unzip", ["-q", "-o", zip, "-d", into], { what: "unzip" });
  else await runAsync("python3", ["-m", "zipfile", "-e", zip, into], { what: "unzip (python3 zipfile)" });
}
