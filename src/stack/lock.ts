import { tryLock } from "../common/lock-file.js";
import { sleep } from "./wait.js";

/** Run `fn` holding an exclusive lock file, waiting while another live process holds it. */
export async function withLock<T>(file: string, what: string, log: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  let announced = false;
  for (;;) {
    const lock = tryLock(file, what);
    if ("release" in lock) {
      try {
        return await fn();
      } finally {
        lock.release();
      }
    }
    if (!announced) log(`waiting for another ${lock.owner.what} (pid ${lock.owner.pid}) to finish`);
    announced = true;
    await sleep(1000);
  }
}
