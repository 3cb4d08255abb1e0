import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { sleep } from "./proc.js";

/**
 * An exclusive lock file holding the owner's pid. Stale locks (owner gone) are taken over, so a
 * crashed `stack up` never blocks the next one.
 */
export async function withLock<T>(file: string, what: string, log: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(file), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(file, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch {
      const owner = Number(readFileSafe(file));
      if (!Number.isFinite(owner) || owner <= 0 || !alive(owner)) {
        rmSync(file, { force: true });
        continue;
      }
      if (!announced) log(`waiting for another ${what} (pid ${owner}) to finish`);
      announced = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}

function readFileSafe(f: string): string {
  try {
    return readFileSync(f, "utf8").trim();
  } catch {
    return "";
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
