/** Starting and stopping the stack's daemons: only ever the processes it started itself. */
import { spawn, type SpawnOptions } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { LakeformError } from "../common/errors.js";
import { isOurs, pidAlive, pidFile, readPid, type PidRecord } from "./pid-records.js";
import { sleep } from "./wait.js";

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
