import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname } from "node:path";

/**
 * Exclusive lock files, visible to every process on the machine: `{pid, host, since, what}`.
 * A lock whose owner process is gone is stale and taken over, so a crash never blocks forever.
 */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly since: string;
  readonly what: string;
}

/** Whether a process with this pid exists on this host (EPERM: it does, owned by someone else). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLock(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Take the lock, or return its live owner. */
export function tryLock(file: string, what: string): { release: () => void } | { owner: LockOwner } {
  mkdirSync(dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, "wx");
      const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), what };
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return {
        release: () => {
          if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      };
    } catch {
      const owner = readLock(file);
      if (owner && owner.host === hostname() && processAlive(owner.pid)) return { owner };
      if (owner && owner.host !== hostname()) return { owner };
      rmSync(file, { force: true }); // stale or half-written
    }
  }
  throw new Error(`could not take lock ${file}`);
}
