import type { Command } from "commander";

type Register = (program: Command) => void;

/**
 * Every command module, in `--help` order. Loaded lazily: a command imports only what it needs
 * (Kafka, Trino, Grafana, Handlebars…), so `lakeform compile` does not pay for `ingest`.
 */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<Register>]> = [
  ["compile", async () => (await import("./compile.js")).registerCompile],
  ["plan", async () => (await import("./plan.js")).registerPlan],
  ["run", async () => (await import("./run.js")).registerRun],
  ["test", async () => (await import("./test.js")).registerTest],
  ["ingest", async () => (await import("./ingest.js")).registerIngest],
  ["upload", async () => (await import("./upload.js")).registerUpload],
  ["serve", async () => (await import("./serve.js")).registerServe],
  ["simulate", async () => (await import("./simulate.js")).registerSimulate],
  ["lineage", async () => (await import("./lineage.js")).registerLineage],
  ["dashboards", async () => (await import("./dashboards.js")).registerDashboards],
  ["demo", async () => (await import("./demo.js")).registerDemo],
  ["sql", async () => (await import("./sql.js")).registerSql],
  ["stack", async () => (await import("./stack.js")).registerStack],
  ["migrate", async () => (await import("./migrate.js")).registerMigrate],
  ["maintain", async () => (await import("./maintain.js")).registerMaintain],
];

/**
 * Registers the command named by the first non-option argument, or every command when there is
 * none or it is not a command name (`--help`, `help run`, a typo that commander should report).
 */
export async function registerCommands(program: Command, args: readonly string[]): Promise<void> {
  const first = args.find((a) => !a.startsWith("-"));
  const one = COMMANDS.find(([name]) => name === first);
  const chosen = one ? [one] : COMMANDS;
  const registers = await Promise.all(chosen.map(([, load]) => load()));
  for (const register of registers) register(program);
}
