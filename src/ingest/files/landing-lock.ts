/**
 * One lander per file landing. Two processes landing the same prefix would both read its
 * progress, both land the same lines and write every row twice, so a landing is held by a lock
 * file (`.lakeform/locks/landing-<s3 location>.lock`, common/lock-file.ts) for as long as it runs;
 * a second process is refused with the holder named. A holder that died (its pid gone on this
 * host) is taken over at once.
 *
 * The lock lives in the project directory: it binds the processes of one machine (or one shared
 * volume), like the table locks of `run`. Landers on different machines are not fenced (README).
 */
import { join } from "node:path";
import { LakeformError } from "../../common/errors.js";
import { tryLock } from "../../common/lock-file.js";
import type { FileStreamDecl } from "./file-stream-decl.js";

export function landingLockFile(projectDir: string, location: string): string {
  // one lock per location, whatever the stream is called, so two names for one prefix conflict too
  return join(projectDir, ".lakeform", "locks", `landing-${encodeURIComponent(location.replace(/\/*$/, "/"))}.lock`);
}

/** Takes the landing locks of `streams` (all or none), or throws naming the landing and its holder. */
export function lockLandings(projectDir: string, streams: readonly Pick<FileStreamDecl, "name" | "location">[]): { release: () => void } {
  const held: { release: () => void }[] = [];
  const release = () => held.reverse().forEach((h) => h.release());
  for (const s of [...streams].sort((a, b) => a.location.localeCompare(b.location))) {
    const r = tryLock(landingLockFile(projectDir, s.location), `file landing "${s.name}" (${s.location})`);
    if ("owner" in r) {
      release();
      const o = r.owner;
      throw new LakeformError("usage", `file landing "${s.name}" (${s.location}) is already being landed by pid ${o.pid} on ${o.host} since ${o.since} (${o.what})`, {
        hint: "land a prefix from one process at a time; stop the other `lakeform ingest`/`serve`, or select other streams with --streams",
      });
    }
    held.push(r);
  }
  return { release };
}
