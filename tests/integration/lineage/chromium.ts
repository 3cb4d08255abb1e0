/**
 * Headless Chromium from Debian (`apt-get install chromium`), driven by playwright-core. The
 * package is installed on first use when missing (the machines run as root); the flags keep it
 * off the network and out of the user's profile.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  if (update.status !== 0) throw new Error("apt-get update failed; install Chromium with: apt-get install -y chromium");
  const install = spawnSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  if (install.status !== 0 || !existsSync(CHROMIUM)) throw new Error("apt-get install chromium failed");
}

/** A persistent context: Playwright takes the profile dir as an argument, not as --user-data-dir. */
export async function launchChromium(viewport = { width: 2000, height: 900 }): Promise<BrowserContext> {
  ensureChromium();
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "lf-chromium-")), {
    executablePath: CHROMIUM,
    viewport,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
