import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { TrinoClient } from "../../adapters/trino/client.js";
import { errorMessage } from "../../common/errors.js";
import { INFRA_DIR } from "../../config/stack-env.js";
import { setting, type Service, type StackContext } from "../context.js";
import { cachedDownload } from "../download.js";
import { findJdk } from "../jdk.js";
import { runAsync, unzip } from "../commands.js";
import { startDaemon, stopIfReconfigured } from "../daemon.js";
import { isOurs, pidAlive, readPid } from "../pid-records.js";
import { waitFor } from "../wait.js";
import { mavenUrl, VERSIONS } from "../versions.js";
import { postgresqlPluginStamp, provisionPostgresqlPlugin } from "./trino-postgresql.js";

/**
 * Trino 476 from Maven Central: server core + the iceberg, memory and tpch plugins, on JDK ≥ 24,
 * plus the PostgreSQL connector behind the `operacional` and `serving` catalogs (see
 * trino-postgresql.ts) and, when `LAKEFORM_TRINO_HIVE=1`, the Hive connector (catalog `hive`, a
 * file metastore on the object store: external tables over landed files, for comparisons).
 */

const PLUGINS = ["iceberg", "memory", "tpch"] as const;

/** The Hive plugin is 258 MB; only a stack that asks for it (`LAKEFORM_TRINO_HIVE=1`) downloads it. */
function hiveEnabled(ctx: StackContext): boolean {
  return (ctx.settings.LAKEFORM_TRINO_HIVE ?? "0") === "1";
}

function home(ctx: StackContext): string {
  return join(ctx.paths.dist, `trino-server-${VERSIONS.trino}`);
}

/** Server core + the 476 plugins, unpacked into a temporary directory and renamed into place. */
async function provisionServer(ctx: StackContext, dir: string): Promise<void> {
  const v = VERSIONS.trino;
  const core = await cachedDownload(mavenUrl("io.trino", "trino-server-core", v, "tar.gz"), ctx.paths.downloads, ctx.log);
  const zips = await Promise.all(PLUGINS.map((p) => cachedDownload(mavenUrl("io.trino", `trino-${p}`, v, "zip"), ctx.paths.downloads, ctx.log)));
  ctx.log(`unpacking Trino ${v}`);
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await runAsync("tar", ["xzf", core, "-C", tmp, "--strip-components=1"], { what: "untar trino-server-core" });
  for (const [i, p] of PLUGINS.entries()) {
    await unzip(zips[i]!, join(tmp, "plugin"));
    renameSync(join(tmp, "plugin", `trino-${p}-${v}`), join(tmp, "plugin", p));
  }
  writeFileSync(join(tmp, ".complete"), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

function url(ctx: StackContext): string {
  return `http://127.0.0.1:${setting(ctx, "LAKEFORM_TRINO_PORT")}`;
}

/** Environment for `${ENV:…}` references in infra/trino/etc (Trino expands them itself). */
function trinoEnv(ctx: StackContext, javaHome: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...ctx.settings,
    LAKEFORM_POSTGRES_HOST: "127.0.0.1",
    LAKEFORM_S3_ENDPOINT: `http://127.0.0.1:${setting(ctx, "LAKEFORM_S3_PORT")}`,
    JAVA_HOME: javaHome,
    PATH: `${join(javaHome, "bin")}:${process.env.PATH ?? ""}`,
  };
}

/** Hash of everything Trino's behaviour depends on: its config files and the stack settings. */
function configFingerprint(ctx: StackContext): string {
  const h = createHash("sha256");
  const used = new Set(["LAKEFORM_TRINO_HEAP", "LAKEFORM_TRINO_HIVE"]);
  const walk = (dir: string) => {
    for (const f of readdirSync(dir).sort()) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const text = readFileSync(p, "utf8");
        // Relative: `stack up` copies etc/ into the cache, so another checkout of the same files is the same Trino.
        h.update(`${relative(INFRA_DIR, p)}\0${text}`);
        for (const m of text.matchAll(/\$\{ENV:([A-Z0-9_]+)\}/g)) used.add(m[1]!);
      }
    }
  };
  walk(join(INFRA_DIR, "trino", "etc"));
  if (hiveEnabled(ctx)) walk(join(INFRA_DIR, "trino", "optional-catalogs"));
  h.update(`postgresql plugin ${postgresqlPluginStamp()}\n`);
  for (const k of [...used].sort()) h.update(`${k}=${ctx.settings[k] ?? ""}\n`);
  return h.digest("hex");
}

function writeEtc(ctx: StackContext): string {
  const etc = join(ctx.paths.stack, "trino", "etc");
  rmSync(etc, { recursive: true, force: true });
  cpSync(join(INFRA_DIR, "trino", "etc"), etc, { recursive: true });
  if (hiveEnabled(ctx)) cpSync(join(INFRA_DIR, "trino", "optional-catalogs", "hive.properties"), join(etc, "catalog", "hive.properties"));
  // jvm.config is read by the launcher, which does not expand ${ENV:…}; the heap is set here.
  const heap = setting(ctx, "LAKEFORM_TRINO_HEAP");
  const jvm = join(etc, "jvm.config");
  writeFileSync(jvm, readFileSync(jvm, "utf8").replace(/^-Xmx\S+$/m, `-Xmx${heap}`));
  return etc;
}

/**
 * Why Trino cannot run a query yet, or undefined when it can. `/v1/info` says `starting: false`
 * before the coordinator has registered itself as a worker: until then any query that needs a
 * node fails with "NO_NODES_AVAILABLE: No nodes available to run query" (metadata queries such as
 * SHOW SCHEMAS do not need one and pass). So: one query that schedules splits on a node (tpch),
 * and one that needs the iceberg catalog (it only answers once PostgreSQL and S3 are right).
 */
export async function queryProblem(client: TrinoClient, timeoutMs: number): Promise<string | undefined> {
  try {
    await client.query("SELECT count(*) FROM tpch.tiny.region", { timeoutMs });
    await client.query("SHOW SCHEMAS FROM iceberg", { timeoutMs });
    return undefined;
  } catch (e) {
    return errorMessage(e).split("\n")[0];
  }
}

export const trino: Service = {
  name: "trino",
  logFile: (ctx) => join(ctx.paths.logs, "trino.log"),

  async provision(ctx) {
    const dir = home(ctx);
    if (!existsSync(join(dir, ".complete"))) await provisionServer(ctx, dir);
    await provisionPostgresqlPlugin(ctx, dir, findJdk(24).home);
    if (hiveEnabled(ctx) && !existsSync(join(dir, "plugin", "hive"))) {
      const v = VERSIONS.trino;
      const zip = await cachedDownload(mavenUrl("io.trino", "trino-hive", v, "zip"), ctx.paths.downloads, ctx.log);
      const tmp = join(dir, `plugin.tmp-${process.pid}`);
      rmSync(tmp, { recursive: true, force: true });
      await unzip(zip, tmp);
      renameSync(join(tmp, `trino-hive-${v}`), join(dir, "plugin", "hive"));
      rmSync(tmp, { recursive: true, force: true });
    }
  },

  async start(ctx) {
    const logFile = this.logFile(ctx);
    const client = new TrinoClient({ url: url(ctx), user: "lakeform-stack" });
    // A Trino started with other settings (an older infra/trino/etc, other ports or limits) is
    // restarted, so `stack up` always leaves the configuration the checkout describes running.
    const recordFingerprint = await stopIfReconfigured(ctx.paths.run, "trino", join(ctx.paths.stack, "trino", "config.sha"), configFingerprint(ctx), ctx.log);
    if (!isOurs(readPid(ctx.paths.run, "trino"))) {
      const jdk = findJdk(24);
      const etc = writeEtc(ctx);
      const data = join(ctx.paths.stack, "trino", "data");
      mkdirSync(data, { recursive: true });
      recordFingerprint();
      startDaemon({
        service: "trino",
        command: join(home(ctx), "bin", "launcher"),
        args: ["run", `--etc-dir=${etc}`, `--data-dir=${data}`],
        env: trinoEnv(ctx, jdk.home),
        logFile,
        runDir: ctx.paths.run,
        marker: etc,
      });
    }
    await waitFor(
      "trino",
      async () => {
        const info = await client.info();
        if (!info || info.starting) return false;
        const problem = await queryProblem(client, 20_000);
        if (problem) ctx.log(`trino is up but cannot run queries yet: ${problem}`);
        return problem === undefined;
      },
      240_000,
      logFile,
      () => pidAlive(readPid(ctx.paths.run, "trino")),
    );
  },

  async status(ctx) {
    const rec = readPid(ctx.paths.run, "trino");
    const running = isOurs(rec);
    const client = new TrinoClient({ url: url(ctx), user: "lakeform-stack" });
    const info = running ? await client.info() : undefined;
    const problem = info !== undefined && !info.starting ? await queryProblem(client, 10_000) : undefined;
    const healthy = info !== undefined && !info.starting && problem === undefined;
    return {
      service: "trino",
      implementation: "trino",
      version: info?.nodeVersion?.version ?? VERSIONS.trino,
      running,
      healthy,
      pid: running ? rec?.pid : undefined,
      endpoint: url(ctx),
      detail: healthy ? `catalogs iceberg (JDBC on PostgreSQL, S3), operacional and serving (PostgreSQL), memory, tpch${hiveEnabled(ctx) ? ", hive" : ""}` : info?.starting ? "starting" : problem ? `cannot run queries yet: ${problem}` : running ? "not answering /v1/info" : "stopped",
      logFile: this.logFile(ctx),
    };
  },
};
