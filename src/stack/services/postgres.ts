import { spawn, spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createConnection } from "node:net";
import { LakeformError } from "../../common/errors.js";
import { INFRA_DIR } from "../../config/stack-env.js";
import { setting, type Service, type StackContext } from "../context.js";
import { runAsync, runChecked } from "../commands.js";
import { startDaemon } from "../daemon.js";
import { isOurs, pidAlive, readPid } from "../pid-records.js";
import { waitFor } from "../wait.js";

/**
 * PostgreSQL from Debian packages holds the Iceberg JDBC catalog, and the databases behind Trino's
 * PostgreSQL catalogs (infra/trino/etc/catalog/{operacional,serving}.properties).
 */

/** `operacional`: an operational database projects read as a source; `serving`: where serving tables land. */
export const TRINO_CATALOG_DATABASES = ["operacional", "serving"] as const;

function pgBinDir(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "postgres")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : undefined;
}

/** initdb refuses to run as root, so as root the cluster belongs to Debian's `postgres` user. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const r = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
  if (r.status !== 0 || g.status !== 0) throw new LakeformError("stack", "running as root but there is no `postgres` user (Debian's postgresql package creates it)");
  return { uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
}

/** As root, the data must sit where the `postgres` user can reach it (not under /root). */
function dataRoot(ctx: StackContext): string {
  return ctx.settings.LAKEFORM_POSTGRES_DIR ?? (process.getuid?.() === 0 ? "/var/lib/lakeform/postgres" : join(ctx.paths.stack, "postgres"));
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port }, () => {
      s.end();
      resolve(true);
    });
    s.on("error", () => resolve(false));
    s.setTimeout(1000, () => {
      s.destroy();
      resolve(false);
    });
  });
}

/**
 * An open port is not enough: during start-up or crash recovery PostgreSQL accepts the TCP
 * connection and then answers "the database system is starting up". `pg_isready` exits 0 only
 * once the server accepts sessions.
 */
function pgReady(bin: string | undefined, sock: string, port: number, user: string): Promise<boolean> {
  if (!bin) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn(join(bin, "pg_isready"), ["-q", "-h", sock, "-p", String(port), "-U", user, "-d", "postgres", "-t", "2"], { stdio: "ignore" });
    child.on("error", () => resolve(false));
    child.on("exit", (code) => resolve(code === 0));
  });
}

export const postgres: Service = {
  name: "postgres",
  logFile: (ctx) => join(ctx.paths.logs, "postgres.log"),

  async provision(ctx) {
    if (pgBinDir()) return;
    if (process.getuid?.() !== 0) {
      throw new LakeformError("stack", "PostgreSQL is not installed", { hint: "sudo apt-get install -y postgresql" });
    }
    ctx.log("installing PostgreSQL from Debian packages (apt-get install postgresql)");
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      await runAsync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], { env, what: "apt-get install postgresql" });
    } catch {
      await runAsync("apt-get", ["update"], { env, what: "apt-get update" });
      await runAsync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], { env, what: "apt-get install postgresql" });
    }
  },

  async start(ctx) {
    const bin = pgBinDir();
    if (!bin) throw new LakeformError("stack", "PostgreSQL binaries not found under /usr/lib/postgresql");
    const port = Number(setting(ctx, "LAKEFORM_POSTGRES_PORT"));
    const user = setting(ctx, "LAKEFORM_POSTGRES_USER");
    const password = setting(ctx, "LAKEFORM_POSTGRES_PASSWORD");
    const db = setting(ctx, "LAKEFORM_POSTGRES_DB");
    const logFile = this.logFile(ctx);
    const owner = runAs();
    const root = dataRoot(ctx);
    const data = join(root, "data");
    const sock = join(root, "sock");
    const alreadyRunning = isOurs(readPid(ctx.paths.run, "postgres"));
    // Already running and ready: skip the start, but still make sure the databases exist (a stack
    // started by an older checkout lacks the ones added since).
    if (!(alreadyRunning && (await pgReady(bin, sock, port, user)))) {
      // Ours but not ready yet (start-up / crash recovery): wait for it instead of starting a second one.
      if (!alreadyRunning) {
        mkdirSync(dirname(root), { recursive: true, mode: 0o755 });
        for (const d of [root, sock]) {
          mkdirSync(d, { recursive: true, mode: 0o700 });
          if (owner.uid !== undefined) chownSync(d, owner.uid, owner.gid!);
        }
        mkdirSync(ctx.paths.logs, { recursive: true });
        if (!existsSync(join(data, "PG_VERSION"))) {
          ctx.log(`initialising PostgreSQL cluster in ${data}`);
          const pwfile = join(root, "pwfile");
          writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
          if (owner.uid !== undefined) chownSync(pwfile, owner.uid, owner.gid!);
          runChecked(join(bin, "initdb"), ["-D", data, "-U", user, `--pwfile=${pwfile}`, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8"], {
            ...owner,
            what: "initdb",
          });
        }
        // The log file is opened by us (possibly as root) before the daemon drops privileges.
        startDaemon({
          service: "postgres",
          command: join(bin, "postgres"),
          args: ["-D", data, "-p", String(port), "-k", sock, "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
          logFile,
          runDir: ctx.paths.run,
          marker: data,
          ...owner,
        });
      }
      await waitFor("postgres", () => pgReady(bin, sock, port, user), 180_000, logFile, () => pidAlive(readPid(ctx.paths.run, "postgres")));
    }
    // Create the databases once (over the Unix socket, trusted for the cluster owner).
    const psql = join(bin, "psql");
    for (const name of [db, ...TRINO_CATALOG_DATABASES]) {
      const exists = runChecked(psql, ["-h", sock, "-p", String(port), "-U", user, "-d", "postgres", "-tAc", `SELECT 1 FROM pg_database WHERE datname = '${name.replaceAll("'", "''")}'`], {
        ...owner,
        what: "psql",
      }).trim();
      if (exists !== "1") {
        runChecked(psql, ["-h", sock, "-p", String(port), "-U", user, "-d", "postgres", "-c", `CREATE DATABASE "${name.replaceAll('"', '""')}"`], { ...owner, what: `create database ${name}` });
      }
    }
    runChecked(psql, ["-h", sock, "-p", String(port), "-U", user, "-d", db, "-v", "ON_ERROR_STOP=1", "-q", "-f", join(INFRA_DIR, "postgres", "iceberg-catalog.sql")], {
      ...owner,
      what: "create Iceberg JDBC catalog tables",
    });
  },

  async status(ctx) {
    const port = Number(setting(ctx, "LAKEFORM_POSTGRES_PORT"));
    const rec = readPid(ctx.paths.run, "postgres");
    const running = isOurs(rec);
    const bin = pgBinDir();
    const healthy = running && (await portOpen(port)) && (await pgReady(bin, join(dataRoot(ctx), "sock"), port, setting(ctx, "LAKEFORM_POSTGRES_USER")));
    return {
      service: "postgres",
      implementation: "postgresql",
      version: bin ? (bin.split("/").at(-2) ?? "?") : "not installed",
      running,
      healthy,
      pid: running ? rec?.pid : undefined,
      endpoint: `127.0.0.1:${port}`,
      detail: healthy ? `Iceberg JDBC catalog database ${setting(ctx, "LAKEFORM_POSTGRES_DB")}; ${TRINO_CATALOG_DATABASES.join(", ")}` : running ? "not accepting connections" : "stopped",
      logFile: this.logFile(ctx),
    };
  },
};
