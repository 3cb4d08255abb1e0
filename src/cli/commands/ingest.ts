import { helpFooter, projectDirArgument } from "../options.js";
import { resolve } from "node:path";
import { InvalidArgumentError, Option, type Command } from "commander";
import type { IngestLogger, IngestLogLevel } from "../../ingest/log.js";
import { runIngest } from "../../ingest/run-ingest.js";
import type { SinkKind } from "../../ingest/sink.js";
import { parsePartitions } from "../../ingest/ownership/partition-set.js";

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

const RANK: Record<IngestLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function stderrLogger(min: IngestLogLevel): IngestLogger {
  return (level, message) => {
    if (RANK[level] < RANK[min]) return;
    process.stderr.write(`${new Date().toISOString()} ${level.padEnd(5)} ${message}\n`);
  };
}

interface IngestOpts {
  streams?: string;
  untilIdle?: boolean;
  maxMessages?: number;
  metricsPort?: number;
  quietMs?: number;
  verbose?: boolean;
  json?: boolean;
  sink?: SinkKind;
  partitions?: string;
}

export function registerIngest(program: Command): void {
  const cmd = program.command("ingest").description("land Kafka streams (Avro or JSON) and file landings (streams/*.yaml) in their bronze Iceberg tables, exactly once");
  helpFooter(cmd, {
    notes:
      "SIGTERM/SIGINT finishes the buffered batch and stops; a second one abandons it (it is re-read on restart).\n" +
      "Positions come from bronze itself, so a crash at any point neither loses nor duplicates rows.",
    examples: [
      "lakeform ingest --streams dados_produtores --until-idle",
      "lakeform ingest --partitions 0-5    # and another process with --partitions 6-11",
      "lakeform ingest --metrics-port 9464",
      "lakeform ingest --sink parquet --until-idle",
      "lakeform upload vendas data.csv && lakeform ingest --streams vendas --until-idle",
    ],
    exitCodes: [0, 1, 2, 130],
  });
  projectDirArgument(cmd)
    .option("--streams <names>", "comma-separated stream names (default: all)")
    .option("--partitions <list>", 'ingest only these Kafka partitions, e.g. "0-5" or "0,2,4-6" (default: all); another process ingesting one of them is refused')
    .option("--until-idle", "stop once every partition is caught up, instead of running until SIGTERM")
    .option("--max-messages <n>", "stop after landing this many messages", positiveInt)
    .option("--metrics-port <port>", "serve Prometheus metrics on 127.0.0.1:<port>", positiveInt)
    .option("--quiet-ms <ms>", "with --until-idle: also stop after this long without progress", positiveInt, 30_000)
    .option("-v, --verbose", "debug logging (Kafka client included)")
    .option("--json", "print the summary as JSON")
    .addOption(
      new Option("--sink <kind>", "how rows reach bronze: sql (INSERT statements) or parquet (Parquet files staged on S3, then one INSERT … SELECT)")
        .choices(["sql", "parquet"])
        .default("sql"),
    )
    .action(async (projectDir: string, opts: IngestOpts) => {
      const stop = new AbortController();
      const abort = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => {
        if (!stop.signal.aborted) {
          process.stderr.write(`${sig}: finishing the current batch (send again to abandon it)\n`);
          stop.abort();
        } else {
          abort.abort(new Error(`${sig} received twice`));
        }
      };
      process.on("SIGTERM", onSignal);
      process.on("SIGINT", onSignal);
      try {
        const summaries = await runIngest({
          projectDir: resolve(projectDir),
          streams: opts.streams?.split(",").map((s) => s.trim()).filter(Boolean),
          untilIdle: opts.untilIdle,
          maxMessages: opts.maxMessages,
          metricsPort: opts.metricsPort,
          quietMs: opts.quietMs,
          stop: stop.signal,
          abort: abort.signal,
          log: stderrLogger(opts.verbose ? "debug" : "info"),
          verbose: opts.verbose,
          sink: opts.sink,
          partitions: opts.partitions === undefined ? undefined : parsePartitions(opts.partitions),
        });
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(summaries, null, 2)}\n`);
        } else {
          for (const s of summaries) {
            process.stdout.write(`${s.stream}: ${s.rows} rows, ${s.deadLetters} dead letters, ${s.skipped} already landed, ${s.batches} batches (${s.reason})\n`);
          }
        }
      } finally {
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
      }
    });
}
