import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { TrinoClient } from "../../src/adapters/trino/client.js";
import { quoteIdentifier, quoteString } from "../../src/adapters/trino/quote.js";
import { resolveConnections } from "../../src/config/connection.js";

export const REPO_ROOT = resolve(import.meta.dirname, "..", "..");
export const CLI = join(REPO_ROOT, "dist", "cli", "main.js");

export function connections() {
  return resolveConnections(REPO_ROOT);
}

export function trino(): TrinoClient {
  return new TrinoClient(connections().trino);
}

/** A schema name no other test (or engineer) uses at the same time. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(4).toString("hex")}`;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the built CLI as a subprocess, as a user would. */
export function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: opts.cwd ?? REPO_ROOT,
    env: { ...process.env, ...opts.env },
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 600_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Drops test schemas of the iceberg catalog with their views and tables; best effort (cleanup). */
export async function dropSchemas(client: TrinoClient, schemas: Iterable<string>): Promise<void> {
  for (const s of schemas) {
    const rels = await client.query(`SELECT table_name, table_type FROM iceberg.information_schema.tables WHERE table_schema = ${quoteString(s)}`).then((r) => r.rows, () => []);
    for (const [name, type] of rels) await client.query(`DROP ${type === "VIEW" ? "VIEW" : "TABLE"} IF EXISTS iceberg.${quoteIdentifier(s)}.${quoteIdentifier(String(name))}`).catch(() => {});
    await client.query(`DROP SCHEMA IF EXISTS iceberg.${quoteIdentifier(s)}`).catch(() => {});
  }
}
