import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INFRA_DIR } from "../../config/stack-env.js";
import type { StackContext } from "../context.js";
import { cachedDownload } from "../download.js";
import { runAsync, unzip } from "../commands.js";
import { mavenUrl, VERSIONS } from "../versions.js";

/**
 * The `postgresql` plugin of the local Trino, behind the catalogs `operacional` and `serving`.
 *
 * Trino 476's PostgreSQL connector is not on the Maven mirror this stack can reach; the newest one
 * there is 449. Trino refuses a connector built for another SPI version, and three write entry
 * points changed signature between 449 and 476. So the plugin directory holds the 449 connector
 * with (1) the toolkit's compile-time SPI version set to the server's and (2) a small adapter
 * plugin (`infra/trino/postgresql-spi-adapter`, compiled here with the JDK Trino runs on) that
 * registers the connector and forwards the changed calls. Reads, INSERT, DELETE, CREATE TABLE
 * [AS], RENAME, DROP, COMMENT and ADD COLUMN work; CREATE OR REPLACE is refused, as by the real
 * 476 connector. docker-compose.yml uses the official image and needs none of this.
 *
 * Invariant: the directory is replaced whole (built in a temporary directory, renamed into place)
 * and carries a stamp of the adapter source and connector version, so a half-built plugin is never
 * loaded and a changed adapter is rebuilt.
 */

const ADAPTER_DIR = join(INFRA_DIR, "trino", "postgresql-spi-adapter");
const ADAPTER_SOURCE = join(ADAPTER_DIR, "io", "lakeform", "trino", "PostgreSqlSpiAdapterPlugin.java");
const STAMP = ".lakeform-adapter";
/** Where the toolkit keeps the SPI version it was compiled for (io.trino.plugin.base.SpiVersionHolder). */
const SPI_VERSION_RESOURCE = "io/trino/plugin/base/trino-spi-compile-time-version.txt";

/** Changes when the adapter or a version changes; part of Trino's config fingerprint, so a rebuilt plugin restarts Trino. */
export function postgresqlPluginStamp(): string {
  return createHash("sha256").update(`${VERSIONS.trinoPostgresql}->${VERSIONS.trino}\0`).update(readFileSync(ADAPTER_SOURCE)).digest("hex");
}

/** Installs (or rebuilds, when the adapter changed) `plugin/postgresql` under the Trino home. */
export async function provisionPostgresqlPlugin(ctx: StackContext, trinoHome: string, javaHome: string): Promise<void> {
  const target = join(trinoHome, "plugin", "postgresql");
  const want = postgresqlPluginStamp();
  if (existsSync(join(target, STAMP)) && readFileSync(join(target, STAMP), "utf8") === want) return;
  const v = VERSIONS.trinoPostgresql;
  const zip = await cachedDownload(mavenUrl("io.trino", "trino-postgresql", v, "zip"), ctx.paths.downloads, ctx.log);
  ctx.log(`adapting Trino's PostgreSQL connector ${v} to SPI ${VERSIONS.trino}`);
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await unzip(zip, tmp);
  const plugin = join(tmp, `trino-postgresql-${v}`);
  const bin = (tool: string) => join(javaHome, "bin", tool);

  // (1) The connector registers through the adapter, not its own service file.
  rmSync(join(plugin, `trino-postgresql-${v}-services.jar`), { force: true });
  // (2) The toolkit's compile-time SPI version becomes the server's.
  const toolkit = readdirSync(plugin).find((f) => /^trino-plugin-toolkit-\d+\.jar$/.test(f));
  if (!toolkit) throw new Error(`trino-postgresql-${v}.zip has no trino-plugin-toolkit jar`);
  const res = join(tmp, "resource");
  mkdirSync(join(res, "io", "trino", "plugin", "base"), { recursive: true });
  writeFileSync(join(res, SPI_VERSION_RESOURCE), VERSIONS.trino);
  await runAsync(bin("jar"), ["uf", join(plugin, toolkit), "-C", res, SPI_VERSION_RESOURCE], { what: "set the toolkit's SPI version" });
  // (3) The adapter, compiled against the server's SPI.
  const spi = readdirSync(join(trinoHome, "lib")).find((f) => f.endsWith(`trino-spi-${VERSIONS.trino}.jar`));
  if (!spi) throw new Error(`no trino-spi-${VERSIONS.trino}.jar in ${join(trinoHome, "lib")}`);
  const classes = join(tmp, "classes");
  mkdirSync(join(classes, "META-INF", "services"), { recursive: true });
  await runAsync(bin("javac"), ["--release", "24", "-nowarn", "-cp", join(trinoHome, "lib", spi), "-d", classes, ADAPTER_SOURCE], { what: "compile the PostgreSQL SPI adapter" });
  writeFileSync(join(classes, "META-INF", "services", "io.trino.spi.Plugin"), "io.lakeform.trino.PostgreSqlSpiAdapterPlugin\n");
  await runAsync(bin("jar"), ["cf", join(plugin, "lakeform-postgresql-spi-adapter.jar"), "-C", classes, "."], { what: "package the PostgreSQL SPI adapter" });
  writeFileSync(join(plugin, STAMP), want);

  rmSync(target, { recursive: true, force: true });
  renameSync(plugin, target);
  rmSync(tmp, { recursive: true, force: true });
}
