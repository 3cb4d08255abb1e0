/** Pid files of the daemons the stack starts, and the checks that a pid is still ours. */
import { processAlive } from "../common/lock-file.js";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";

export interface PidRecord {
  readonly pid: number;
  readonly service: string;
  /** A string that must appear in /proc/<pid>/cmdline, so a recycled pid is never mistaken for ours. */
  readonly marker: string;
  readonly startedAt: string;
}

export function pidFile(runDir: string, service: string): string {
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
  return rec !== undefined && processAlive(rec.pid);
}
