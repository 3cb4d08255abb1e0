import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { stackEnv } from "../../src/config/stack-env.js";

/**
 * Plain `psql` against the stack's PostgreSQL (what an app or API reading the serving database
 * uses), and the cleanup of test schemas in its databases. Debian's psql is installed with the
 * stack's PostgreSQL (`/usr/lib/postgresql/<major>/bin/psql`).
 */
const env = stackEnv();
const version = readdirSync("/usr/lib/postgresql").filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a))[0];
export const PSQL = `/usr/lib/postgresql/${version}/bin/psql`;

export function psqlArgs(database: string): string[] {
  return ["-h", "127.0.0.1", "-p", env["LAKEFORM_POSTGRES_PORT"] ?? "54329", "-U", env["LAKEFORM_POSTGRES_USER"] ?? "lakeform", "-d", database, "-X", "-v", "ON_ERROR_STOP=1"];
}

export const psqlEnv = { ...process.env, PGPASSWORD: env["LAKEFORM_POSTGRES_PASSWORD"] ?? "", PGCONNECT_TIMEOUT: "10" };

/** Rows of one query, each a list of column texts (`-At`, `|` separated). */
export function psql(database: string, sql: string): string[][] {
  const r = spawnSync(PSQL, [...psqlArgs(database), "-At", "-F", "|", "-c", sql], { encoding: "utf8", env: psqlEnv });
  if (r.status !== 0) throw new Error(`psql -d ${database} failed (${r.status}): ${r.stderr}\n${sql}`);
  return r.stdout.split("\n").filter((l) => l.length > 0).map((l) => l.split("|"));
}

/** Test schemas of a PostgreSQL database, with everything in them; best effort (cleanup). */
export function dropPostgresSchemas(database: string, schemas: Iterable<string>): void {
  for (const s of schemas) spawnSync(PSQL, [...psqlArgs(database), "-c", `DROP SCHEMA IF EXISTS "${s.replaceAll('"', '""')}" CASCADE`], { encoding: "utf8", env: psqlEnv });
}
