// Runs `runIngest` from dist/ as a separate process so tests can SIGKILL it at random points
// (the CLI's `lakeform ingest` does the same; this avoids depending on the CLI wiring).
// Usage: node run-ingester.mjs <project-dir> [--until-idle] [--max-messages N] [--max-rows N] [--sink sql|parquet] [--partitions 0-2]
import { runIngest } from "../../../dist/ingest/run-ingest.js";
import { parsePartitions } from "../../../dist/ingest/ownership/partition-set.js";

const [projectDir, ...rest] = process.argv.slice(2);
const flag = (name) => rest.includes(name);
const value = (name) => {
  const i = rest.indexOf(name);
  return i >= 0 ? Number(rest[i + 1]) : undefined;
};
const stop = new AbortController();
process.on("SIGTERM", () => stop.abort());
const summaries = await runIngest({
  projectDir,
  untilIdle: flag("--until-idle"),
  maxMessages: value("--max-messages"),
  quietMs: value("--quiet-ms") ?? 20_000,
  limits: value("--max-rows") ? { maxRows: value("--max-rows"), maxAgeMs: 300 } : undefined,
  sink: rest.includes("--sink") ? rest[rest.indexOf("--sink") + 1] : undefined,
  partitions: rest.includes("--partitions") ? parsePartitions(rest[rest.indexOf("--partitions") + 1]) : undefined,
  stop: stop.signal,
  log: (level, message) => process.stderr.write(`${level} ${message}\n`),
});
process.stdout.write(`${JSON.stringify(summaries)}\n`);
