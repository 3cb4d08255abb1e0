/** Waiting for a service: polling with a timeout, and the tail of its log when it does not come up. */
import { readFileSync } from "node:fs";
import { LakeformError } from "../common/errors.js";

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

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
