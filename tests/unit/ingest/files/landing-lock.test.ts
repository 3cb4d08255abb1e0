import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { landingLockFile, lockLandings } from "../../../../src/ingest/files/landing-lock.js";

const vendas = { name: "vendas", location: "s3://landing/vendas/" };

describe("file landing locks", () => {
  it("one holder per location: a second is refused naming the landing and the holder; released, it is free again", () => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-landing-lock-"));
    const held = lockLandings(dir, [vendas]);
    // another stream name on the same prefix (trailing slash or not) is the same landing
    expect(() => lockLandings(dir, [{ name: "vendas2", location: "s3://landing/vendas" }])).toThrow(
      new RegExp(`file landing "vendas2" \\(s3://landing/vendas\\) is already being landed by pid ${process.pid} on ${hostname()} since .* \\(file landing "vendas" \\(s3://landing/vendas/\\)\\)`),
    );
    // all or none: a free landing taken before the busy one is released again
    expect(() => lockLandings(dir, [{ name: "a", location: "s3://landing/a/" }, vendas])).toThrow(/already being landed/);
    lockLandings(dir, [{ name: "a", location: "s3://landing/a/" }]).release();
    held.release();
    lockLandings(dir, [vendas]).release();
  });

  it("takes over the lock of a process that is gone", () => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-landing-lock-"));
    lockLandings(dir, []).release();
    const file = landingLockFile(dir, vendas.location);
    mkdirSync(join(dir, ".lakeform", "locks"), { recursive: true });
    writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), since: "2026-01-01T00:00:00Z", what: "old" }));
    lockLandings(dir, [vendas]).release();
  });
});
