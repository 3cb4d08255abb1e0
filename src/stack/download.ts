import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { LakeformError } from "../common/errors.js";

async function sha1Of(file: string): Promise<string> {
  const h = createHash("sha1");
  await pipeline(createReadStream(file), h);
  return h.digest("hex");
}

async function fetchText(url: string): Promise<string | undefined> {
  const r = await fetch(url);
  return r.ok ? (await r.text()).trim().split(/\s+/)[0] : undefined;
}

/**
 * Download `url` into `dir` once. Maven Central publishes a `.sha1` beside each artifact; the file
 * is verified against it before it is moved into place, so a cut download never poisons the cache.
 */
export async function cachedDownload(url: string, dir: string, log: (m: string) => void): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, basename(new URL(url).pathname));
  if (existsSync(target)) return target;
  log(`downloading ${url}`);
  const part = `${target}.part-${process.pid}`;
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new LakeformError("stack", `download failed: ${url} (HTTP ${res.status})`);
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream), createWriteStream(part));
  const expected = await fetchText(`${url}.sha1`);
  if (expected) {
    const actual = await sha1Of(part);
    if (actual !== expected) {
      rmSync(part, { force: true });
      throw new LakeformError("stack", `checksum mismatch for ${url}: expected sha1 ${expected}, got ${actual}`);
    }
  }
  renameSync(part, target);
  return target;
}
