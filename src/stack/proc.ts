import { spawn, spawnSync, type SpawnOptions } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { LakeformError } from "../common/errors.js";

export interface PidRecord {
  readonly pid: number;
  readonly service: string;
  /** A string that must appear in /proc/<pid>/cmdline, so a recycled pid is never mistaken for ours. */
  readonly marker: string;
  readonly startedAt: string;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function pidFile(runDir: string, service: string): string {
  return join(runDir, `${service}.pid`);
}

export function readPid(runDir: string, service: string): PidRecord | undefined {
  const f = pidFile(runDir, service);
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(readFileSync(f, "utf8")) as PidRecord;
  } catch {
    return undefined;
  }
}

export function isOurs(rec: PidRecord | undefined): boolean {
  if (!rec) return false;
  try {
    process.kill(rec.pid, 0);
  } catch {
    return false;
  }
  try {
    const cmdline = readFileSync(`/proc/${rec.pid}/cmdline`, "utf8").replaceAll("\0", " ");
    // Empty while the process is exec()ing (a launcher becoming the JVM): still ours.
    return cmdline.trim() === "" || cmdline.includes(rec.marker);
  } catch {
    return false;
  }
}

/**
 * Liveness during start-up: the pid exists. (Not `isOurs`: while a launcher exec()s the JVM,
 * /proc/<pid>/cmdline can read empty for a moment, which looked like "exited during start-up".)
 */
export function pidAlive(rec: PidRecord | undefined): boolean {
  if (!rec) return false;
  try {
    process.kill(rec.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface StartSpec {
  readonly service: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly logFile: string;
  readonly runDir: string;
  readonly marker: string;
  readonly uid?: number | undefined;
  readonly gid?: number | undefined;
}

/** Start a detached daemon whose output goes to its log file, and record its pid. */
export function startDaemon(spec: StartSpec): PidRecord {
  mkdirSync(dirname(spec.logFile), { recursive: true });
  mkdirSync(spec.runDir, { recursive: true });
  const fd = openSync(spec.logFile, "a");
  const opts: SpawnOptions = {
    detached: true,
    stdio: ["ignore", fd, fd],
    env: spec.env ?? process.env,
    cwd: spec.cwd,
  };
  if (spec.uid !== undefined) opts.uid = spec.uid;
  if (spec.gid !== undefined) opts.gid = spec.gid;
  const child = spawn(spec.command, [...spec.args], opts);
  closeSync(fd);
  if (child.pid === undefined) throw new LakeformError("stack", `could not start ${spec.service} (${spec.command})`);
  child.unref();
  const rec: PidRecord = { pid: child.pid, service: spec.service, marker: spec.marker, startedAt: new Date().toISOString() };
  writeFileSync(pidFile(spec.runDir, spec.service), JSON.stringify(rec));
  return rec;
}

/** Stop a daemon we started (SIGTERM, then SIGKILL after `graceMs`). Never touches other processes. */
export async function stopDaemon(runDir: string, service: string, graceMs = 20_000): Promise<boolean> {
  const rec = readPid(runDir, service);
  if (!rec || !isOurs(rec)) {
    rmSync(pidFile(runDir, service), { force: true });
    return false;
  }
  // Signal the process group: launchers (Trino's) and their JVM children stop together.
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-rec.pid, sig);
    } catch {
      try {
        process.kill(rec.pid, sig);
      } catch {
        /* already gone */
      }
    }
  };
  signal("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isOurs(rec)) await sleep(200);
  if (isOurs(rec)) signal("SIGKILL");
  while (isOurs(rec)) await sleep(100);
  rmSync(pidFile(runDir, service), { force: true });
  return true;
}

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

/** Poll `check` until it returns true or the timeout passes. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number, logFile: string, isAlive?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (isAlive && !isAlive()) {
      throw new LakeformError("stack", `${what} exited during start-up — see its log: ${logFile}`, { hint: tail(logFile) });
    }
    if (Date.now() > deadline) {
      throw new LakeformError("stack", `${what} did not become healthy within ${Math.round(timeoutMs / 1000)} s — see its log: ${logFile}`, {
        hint: tail(logFile),
      });
    }
    await sleep(500);
  }
}

export function tail(file: string, lines = 12): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log yet)";
  }
}

/**
 * Restarts a daemon of ours that runs with another configuration than `fingerprint` (a hash of
 * the config it would be started with) — an older checkout's infra/ files, other ports or limits —
 * so `stack up` always leaves running what the checkout describes. Returns a function that
 * records the fingerprint once the daemon is (re)started.
 */
export async function stopIfReconfigured(
  runDir: string,
  service: string,
  fingerprintFile: string,
  fingerprint: string,
  log: (m: string) => void,
): Promise<() => void> {
  const recorded = existsSync(fingerprintFile) ? readFileSync(fingerprintFile, "utf8") : undefined;
  if (isOurs(readPid(runDir, service)) && recorded !== fingerprint) {
    log(`${service} runs with another configuration; restarting it`);
    await stopDaemon(runDir, service);
  }
  return () => {
    mkdirSync(dirname(fingerprintFile), { recursive: true });
    writeFileSync(fingerprintFile, fingerprint);
  };
}
