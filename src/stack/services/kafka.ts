import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { INFRA_DIR } from "../../config/stack-env.js";
import { setting, type Service, type StackContext } from "../context.js";
import { findJdk } from "../jdk.js";
import { kafkaBrokerCount } from "../../adapters/kafka/broker-probe.js";
import { runAsync, runChecked } from "../commands.js";
import { startDaemon, stopIfReconfigured } from "../daemon.js";
import { isOurs, pidAlive, readPid } from "../pid-records.js";
import { waitFor } from "../wait.js";
import { VERSIONS } from "../versions.js";

/** Kafka 3.9.2 (KRaft, single node) from Maven Central, run on Java 17. */

export function kafkaHome(ctx: StackContext): string {
  return join(ctx.paths.dist, `kafka-${VERSIONS.kafka}`);
}

export function kafkaClasspath(ctx: StackContext): string {
  return `${join(kafkaHome(ctx), "libs")}/*`;
}

/** Fill `${NAME}` placeholders from the settings. */
export function renderTemplate(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\$\{([A-Z0-9_]+)\}/g, (m, k: string) => values[k] ?? m);
}

function dataDir(ctx: StackContext): string {
  return join(ctx.paths.stack, "kafka");
}

export const kafka: Service = {
  name: "kafka",
  logFile: (ctx) => join(ctx.paths.logs, "kafka.log"),

  async provision(ctx) {
    const libs = join(kafkaHome(ctx), "libs");
    const marker = join(kafkaHome(ctx), ".complete");
    if (existsSync(marker)) return;
    ctx.log(`fetching Kafka ${VERSIONS.kafka} and its dependencies from Maven Central (mvn, cached in ~/.m2)`);
    mkdirSync(libs, { recursive: true });
    await runAsync(
      "mvn",
      ["-q", "-B", "-C", "-f", join(INFRA_DIR, "stack", "kafka-runtime.pom.xml"), "dependency:copy-dependencies", `-DoutputDirectory=${libs}`, "-DincludeScope=runtime"],
      { what: "mvn dependency:copy-dependencies (Kafka)" },
    );
    if (!readdirSync(libs).some((f) => f.startsWith(`kafka_2.13-${VERSIONS.kafka}`))) throw new Error("Kafka jars missing after mvn");
    writeFileSync(marker, new Date().toISOString());
  },

  async start(ctx) {
    const port = Number(setting(ctx, "LAKEFORM_KAFKA_PORT"));
    const logFile = this.logFile(ctx);
    const data = dataDir(ctx);
    const logs = join(data, "data");
    const rendered = renderTemplate(readFileSync(join(INFRA_DIR, "kafka", "server.properties"), "utf8"), {
      ...ctx.settings,
      LAKEFORM_KAFKA_BIND: "127.0.0.1",
      LAKEFORM_KAFKA_ADVERTISED_HOST: "127.0.0.1",
      LAKEFORM_KAFKA_LOG_DIRS: logs,
    });
    // A broker started from another infra/kafka (or other ports) is restarted with this one.
    const fingerprint = createHash("sha256").update(rendered).update("\0").update(readFileSync(join(INFRA_DIR, "kafka", "log4j.properties"))).digest("hex");
    const recordFingerprint = await stopIfReconfigured(ctx.paths.run, "kafka", join(data, "config.sha"), fingerprint, ctx.log);
    if (!isOurs(readPid(ctx.paths.run, "kafka"))) {
      const jdk = findJdk(17, 23);
      mkdirSync(logs, { recursive: true });
      const props = join(data, "server.properties");
      writeFileSync(props, rendered);
      recordFingerprint();
      const java = join(jdk.home, "bin", "java");
      const cp = kafkaClasspath(ctx);
      if (!existsSync(join(logs, "meta.properties"))) {
        const clusterId = randomBytes(16).toString("base64url");
        runChecked(java, ["-cp", cp, "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", props, "--ignore-formatted"], { what: "Kafka storage format" });
      }
      startDaemon({
        service: "kafka",
        command: java,
        args: [
          "-Xms256m",
          "-Xmx1g",
          `-Dlog4j.configuration=file:${join(INFRA_DIR, "kafka", "log4j.properties")}`,
          `-Dlakeform.stack=${data}`,
          "-cp",
          cp,
          "kafka.Kafka",
          props,
        ],
        logFile,
        runDir: ctx.paths.run,
        marker: `-Dlakeform.stack=${data}`,
      });
    }
    await waitFor("kafka", async () => ((await kafkaBrokerCount("127.0.0.1", port)) ?? 0) >= 1, 90_000, logFile, () => pidAlive(readPid(ctx.paths.run, "kafka")));
  },

  async status(ctx) {
    const port = Number(setting(ctx, "LAKEFORM_KAFKA_PORT"));
    const rec = readPid(ctx.paths.run, "kafka");
    const running = isOurs(rec);
    const brokers = running ? await kafkaBrokerCount("127.0.0.1", port) : undefined;
    const healthy = (brokers ?? 0) >= 1;
    return {
      service: "kafka",
      implementation: "kafka (KRaft)",
      version: VERSIONS.kafka,
      running,
      healthy,
      pid: running ? rec?.pid : undefined,
      endpoint: `127.0.0.1:${port}`,
      detail: healthy ? `metadata lists ${brokers} broker(s)` : running ? "metadata not reachable" : "stopped",
      logFile: this.logFile(ctx),
    };
  },
};
