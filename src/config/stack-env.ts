import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

/** Repo/package root (…/dist/config → …, or …/src/config → …). */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const INFRA_DIR = join(PACKAGE_ROOT, "infra");

/** Parse a KEY=VALUE file (comments and blank lines ignored). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}

/**
 * The stack's settings: `infra/stack.env` defaults, overridden by the process environment.
 * Credentials live in that file (development-only, loopback-bound), never in code paths.
 */
export function stackEnv(env: NodeJS.ProcessEnv = process.env): Readonly<Record<string, string>> {
  const defaults = parseEnvFile(readFileSync(join(INFRA_DIR, "stack.env"), "utf8"));
  const merged: Record<string, string> = { ...defaults };
  // Every LAKEFORM_* variable counts, including optional ones without a default
  // (e.g. LAKEFORM_POSTGRES_DIR, LAKEFORM_OBJECT_STORE).
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith("LAKEFORM_") && v !== undefined && v !== "") merged[k] = v;
  }
  return merged;
}

export function requireSetting(settings: Readonly<Record<string, string>>, key: string): string {
  const v = settings[key];
  if (v === undefined) throw new Error(`missing stack setting ${key} (infra/stack.env)`);
  return v;
}
