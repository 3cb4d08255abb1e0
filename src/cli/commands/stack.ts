import { createReadStream } from "node:fs";
import type { Command } from "commander";
import { serviceLogFile, stackContext, stackDown, stackStatus, stackUp } from "../../stack/stack.js";
import { helpFooter } from "../options.js";
import { formatTable, info, printJson } from "../output.js";

export function registerStack(program: Command): void {
  const stack = program
    .command("stack")
    .description("Run the local lakehouse natively (no Docker): Trino 476 + Iceberg JDBC catalog on PostgreSQL + MinIO + Kafka, all on 127.0.0.1")
    .addHelpText(
      "after",
      "\nDownloads and builds are cached in ~/.cache/lakeform (override LAKEFORM_CACHE_DIR); data, logs and pids live in\n~/.cache/lakeform/stack (LAKEFORM_STACK_DIR). Ports and credentials: infra/stack.env, each overridable by an\nenvironment variable of the same name (e.g. LAKEFORM_TRINO_PORT=18080).",
    );
  helpFooter(stack, { examples: ["lakeform stack up", "lakeform stack status --json", "lakeform stack logs trino", "lakeform stack down"], exitCodes: [0, 1, 2] });

  stack
    .command("up")
    .description("install what is missing, start every service and wait until all are healthy (idempotent)")
    .option("--json", "print the final status as JSON")
    .action(async (opts: { json?: boolean }) => {
      const ctx = stackContext((m) => info(`[stack] ${m}`));
      const report = await stackUp(ctx);
      if (opts.json) printJson(report);
      else info(`stack is up (${report.seconds.toFixed(1)} s)\n${statusTable(report.services)}`);
    });

  stack
    .command("down")
    .description("stop the services this stack started (by pid); data is kept")
    .action(async () => {
      const ctx = stackContext((m) => info(`[stack] ${m}`));
      const stopped = await stackDown(ctx);
      info(stopped.length ? `stopped: ${stopped.join(", ")}` : "nothing was running");
    });

  stack
    .command("status")
    .description("show each service: implementation, version, pid, endpoint, health")
    .option("--json", "machine-readable output")
    .action(async (opts: { json?: boolean }) => {
      const services = await stackStatus(stackContext(() => {}));
      if (opts.json) printJson({ healthy: services.every((s) => s.healthy), services });
      else process.stdout.write(`${statusTable(services)}\n`);
      if (!services.every((s) => s.healthy)) process.exitCode = 1;
    });

  stack
    .command("logs")
    .description("print a service's log file (trino, postgres, object-store|minio, kafka)")
    .argument("<service>", "service name")
    .action(async (service: string) => {
      const file = serviceLogFile(stackContext(() => {}), service);
      info(`==> ${file}`);
      await new Promise<void>((resolve, reject) => createReadStream(file).on("end", resolve).on("error", reject).pipe(process.stdout, { end: false }));
    });
}

function statusTable(services: readonly import("../../stack/context.js").ServiceStatus[]): string {
  return formatTable(
    ["service", "implementation", "version", "pid", "endpoint", "health", "detail"],
    services.map((s) => [s.service, s.implementation, s.version, s.pid ?? "-", s.endpoint, s.healthy ? "healthy" : "DOWN", s.detail]),
  );
}
