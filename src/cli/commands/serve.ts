/**
 * `lakeform serve [dir]`: the production entry point — ingesters, scheduled workflows, and
 * /healthz /readyz /metrics on one port. Wiring only; the policy lives in src/serve.
 */
import { resolve } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import { concurrencyOption, helpFooter, projectDirArgument, projectOverrideOptions } from "../options.js";
import { TrinoClient } from "../../adapters/trino/client.js";
import { trinoQuoting } from "../../adapters/trino/quote.js";
import { DiagnosticsError, LakeformError, errorMessage } from "../../common/errors.js";
import { resolveConnections } from "../../config/connection.js";
import { readProjectSettings, readSettingsFiles } from "../../config/project.js";
import { assertProjectDir } from "../../compile/project-files.js";
import { loadStreams } from "../../ingest/streams.js";
import { loadFileStreams } from "../../ingest/files/load.js";
import { runIngest } from "../../ingest/run-ingest.js";
import type { SinkKind } from "../../ingest/sink.js";
import type { RunObserver } from "../../run/events.js";
import { lockTables } from "../../run/table-locks.js";
import { systemClock } from "../../serve/clock.js";
import { DEFAULT_LISTEN, parseListen } from "../../serve/http-server.js";
import { lastRuns } from "../../serve/last-runs.js";
import { createServeMetrics, RunMetricsObserver } from "../../serve/metrics.js";
import { parsePartitions } from "../../ingest/ownership/partition-set.js";
import { prepareWorkflowRun } from "../../serve/prepare-run.js";
import { cached, kafkaProbe, trinoProbe } from "../../serve/probes.js";
import { startServe, type ServeLog } from "../../serve/serve.js";
import { parseCronOverrides, selectWorkflows } from "../../serve/workflow-selection.js";
import { loadProject } from "../project.js";
import { varsFlag } from "./workflow-flags.js";

interface ServeFlags {
  readonly listen: string;
  readonly ingest: boolean;
  readonly schedules: boolean;
  readonly workflows?: string;
  readonly streams?: string;
  readonly partitions?: string;
  readonly cron: string[];
  readonly catchUp?: boolean;
  readonly shutdownTimeout: number;
  readonly concurrency: number;
  readonly sink: SinkKind;
  readonly vars?: string;
  readonly schemaSuffix?: string;
  readonly tablePrefix?: string;
  readonly verbose?: boolean;
}

const LEVELS = { debug: 0, info: 1, warn: 2, error: 3 } as const;

function stderrLog(verbose: boolean): ServeLog {
  return (level, message) => {
    if (!verbose && LEVELS[level] < LEVELS.info) return;
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}\n`);
  };
}

const positive = (what: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${what} must be a positive number`);
  return n;
};
const list = (v: string | undefined) => v?.split(",").map((s) => s.trim()).filter(Boolean);

export function registerServe(program: Command): void {
  const cmd = program
    .command("serve")
    .description("run the lakehouse: every stream's ingester, every workflow on its cron, and /healthz /readyz /metrics on one port");
  projectDirArgument(cmd)
    .option("--listen <host:port>", "address of the health and metrics endpoints", DEFAULT_LISTEN)
    .option("--no-ingest", "do not run the ingesters (schedules only)")
    .option("--no-schedules", "do not run the workflows (ingestion only)")
    .option("--workflows <names>", "only these workflows (comma-separated; default: all declared)")
    .option("--streams <names>", "only these streams (comma-separated; default: all declared)")
    .option("--partitions <list>", "the Kafka partitions this process owns, e.g. 0-5 (static ownership; a partition claimed by a live process is refused)")
    .option("--cron <workflow=cron>", 'override a workflow\'s cron, e.g. --cron "silver_nrt=*/10 * * * * *" (repeatable)', (v: string, prev: string[]) => [...prev, v], [])
    .option("--no-catch-up", "do not run missed ticks at start-up, whatever the workflows say")
    .option("--shutdown-timeout <seconds>", "on SIGTERM, wait this long for runs and batches before abandoning them", positive("--shutdown-timeout"), 60)
    .addOption(new Option("--sink <kind>", "how the ingesters write bronze (see `lakeform ingest --help`)").choices(["sql", "parquet"]).default("sql"))
    .option("-v, --verbose", "debug logging (Kafka client included)");
  concurrencyOption(cmd, "actions per workflow run");
  projectOverrideOptions(cmd);
  helpFooter(cmd, {
    notes:
      "Workflows are declared in dataform.json (or workflow_settings.yaml) under lakeform.workflows.\n" +
      "A workflow never overlaps itself (the tick is skipped and counted); two workflows run at once unless\n" +
      "they write the same table. SIGTERM cancels running workflows, commits in-flight ingest batches and exits.",
    examples: ["lakeform serve --listen 0.0.0.0:9464", "lakeform serve --no-ingest --workflows gold_hourly", "lakeform serve --no-schedules --partitions 0-5"],
    exitCodes: [0, 1, 2, 130],
  });
  cmd
    .action(async (dir: string, flags: ServeFlags) => {
      const projectDir = resolve(dir ?? ".");
      // a typo in the folder is a usage error naming it, not "nothing to serve"
      assertProjectDir(projectDir, readSettingsFiles(projectDir));
      const log = stderrLog(flags.verbose === true);
      let listen: { host: string; port: number };
      let partitions: number[] | undefined;
      try {
        listen = parseListen(flags.listen);
        partitions = flags.partitions === undefined ? undefined : parsePartitions(flags.partitions);
      } catch (e) {
        throw new LakeformError("usage", errorMessage(e));
      }

      const settings = readProjectSettings(projectDir);
      const errors = settings.diagnostics.filter((d) => d.severity === "error");
      if (errors.length) throw new DiagnosticsError(errors, `the project settings have ${errors.length} error(s)`);
      let workflows;
      try {
        workflows = flags.schedules ? selectWorkflows(settings.settings.workflows, list(flags.workflows), parseCronOverrides(flags.cron), flags.catchUp === false ? false : undefined) : [];
      } catch (e) {
        throw new LakeformError("usage", errorMessage(e));
      }

      // file landings too, unless this process owns Kafka partitions (a prefix has no partitions to split)
      const streams = [...loadStreams(projectDir).streams, ...(partitions ? [] : loadFileStreams(projectDir).streams)].map((s) => s.name);
      const chosenStreams = list(flags.streams) ?? streams;
      const ingest = flags.ingest && chosenStreams.length > 0;
      if (flags.ingest && streams.length === 0) log("info", "no streams declared (streams/*.yaml): nothing to ingest");
      if (!ingest && workflows.length === 0) throw new LakeformError("usage", "nothing to serve: no ingestion and no workflows", { hint: 'declare workflows under "lakeform": { "workflows": … } or streams in streams/*.yaml' });

      const conn = resolveConnections(projectDir);
      const client = new TrinoClient(conn.trino);
      const metrics = createServeMetrics();
      const compileFlags = { schemaSuffix: flags.schemaSuffix, tablePrefix: flags.tablePrefix };
      const catalog = settings.settings.defaultDatabase;
      const failedActions: RunObserver = {
        onActionEnd: (run, o) => {
          if (o.status === "failed") log("warn", `[${run.workflow ?? "run"}] ${o.action.key} failed: ${(o.error ?? "").split("\n")[0]}`);
        },
      };

      // Signals are handled from here on: one that arrives while serve starts stops it right after.
      let signalled: NodeJS.Signals | undefined;
      let onSignal = (sig: NodeJS.Signals) => {
        if (signalled) process.exit(130);
        signalled = sig;
      };
      const listener = (sig: NodeJS.Signals) => onSignal(sig);
      process.on("SIGTERM", listener).on("SIGINT", listener);

      const handle = await startServe({
        listen,
        workflows,
        ingest: ingest
          ? {
              streams: chosenStreams,
              // The ingester registers its series (lag, dead letters, commit latency…) on serve's registry.
              run: (o) => runIngest({ projectDir, streams: chosenStreams, sink: flags.sink, registry: metrics.registry, partitions, ...o }),
            }
          : undefined,
        scheduler: {
          clock: systemClock,
          prepare: (w) =>
            prepareWorkflowRun(
              {
                compile: async () => loadProject(projectDir, { ...compileFlags, vars: varsFlag(w, flags.vars) }),
                client,
                concurrency: flags.concurrency,
                observers: () => [new RunMetricsObserver(metrics), failedActions],
              },
              w,
            ),
          lock: (w, tables) => {
            const l = lockTables(projectDir, tables, `lakeform serve (workflow ${w.name}, pid ${process.pid})`);
            return "busy" in l ? { busy: `${l.busy.table} is being written by ${l.busy.owner.what} (pid ${l.busy.owner.pid})` } : l;
          },
          // only names are quoted here: no need to compile the project for its dialect
          lastStarted: (names) => lastRuns(client, trinoQuoting, catalog, projectDir, names),
        },
        probes: {
          trino: cached(trinoProbe(client), 2000),
          kafka: ingest ? cached(kafkaProbe(conn.kafka.brokers), 2000) : undefined,
        },
        metrics,
        clock: systemClock,
        log,
        shutdownTimeoutMs: flags.shutdownTimeout * 1000,
      });

      const outcome = await new Promise<{ code: number }>((done) => {
        onSignal = (sig: NodeJS.Signals) => {
          if (signalled) process.exit(130);
          signalled = sig;
          void handle.stop(sig).then((inTime) => done({ code: inTime ? 0 : 1 }));
        };
        if (signalled) {
          const sig = signalled;
          signalled = undefined;
          onSignal(sig);
        }
        handle.ingestEnded.then(
          () => log("warn", "ingestion ended"),
          (e: unknown) => {
            log("error", `ingestion failed: ${errorMessage(e)}`);
            void handle.stop("ingestion failed").then(() => done({ code: 1 }));
          },
        );
      });
      log("info", outcome.code === 0 ? "stopped" : "stopped (not cleanly)");
      // Everything worth waiting for has finished or been abandoned; do not wait for idle
      // sockets (Kafka, Trino keep-alive) to let the event loop drain.
      process.exit(outcome.code);
    });
}
