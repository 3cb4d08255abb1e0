/**
 * The ingester's Prometheus metrics, built with prom-client. They register on the registry the
 * caller passes (`RunIngestOptions.registry`, so `lakeform serve` exposes them next to its own)
 * or on a fresh one; registering twice on one registry (two `runIngest` calls in one process)
 * reuses the existing metrics instead of failing.
 */
import { Counter, Gauge, Histogram, Registry, type Metric } from "prom-client";

type StreamLabel = "stream";

function once<T extends Metric>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export class IngestMetrics {
  readonly registry: Registry;
  readonly messages: Counter<StreamLabel>;
  readonly skipped: Counter<StreamLabel>;
  readonly rows: Counter<StreamLabel>;
  readonly deadLetters: Counter<StreamLabel>;
  readonly batches: Counter<StreamLabel>;
  readonly batchCommitSeconds: Histogram<StreamLabel>;
  readonly lag: Gauge<StreamLabel | "partition">;
  readonly retries: Counter<StreamLabel | "call">;
  readonly trinoUp: Gauge<StreamLabel>;
  readonly utf8Replacements: Counter<StreamLabel>;

  constructor(registry: Registry = new Registry()) {
    this.registry = registry;
    const registers = [registry];
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      once(registry, name, () => new Counter<L>({ name, help, labelNames, registers }));
    const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
      once(registry, name, () => new Gauge<L>({ name, help, labelNames, registers }));
    this.messages = counter("lakeform_ingest_messages_total", "Kafka messages consumed (good and bad, excluding already-landed re-reads)", ["stream"]);
    this.skipped = counter("lakeform_ingest_skipped_total", "re-read messages skipped because bronze already holds them", ["stream"]);
    this.rows = counter("lakeform_ingest_rows_written_total", "rows committed to the bronze table", ["stream"]);
    this.deadLetters = counter("lakeform_ingest_dead_letters_total", "messages written to the dead-letter table", ["stream"]);
    this.batches = counter("lakeform_ingest_batches_total", "batches committed", ["stream"]);
    this.batchCommitSeconds = once(
      registry,
      "lakeform_ingest_batch_commit_seconds",
      () =>
        new Histogram<StreamLabel>({
          name: "lakeform_ingest_batch_commit_seconds",
          help: "time from starting a batch's write to its Iceberg commit (dead letters and bronze rows)",
          labelNames: ["stream"],
          // a healthy commit takes 0.3–3 s on the local stack; the tail shows outages and retries
          buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128],
          registers,
        }),
    );
    this.lag = gauge("lakeform_ingest_lag_messages", "messages in the partition not yet in bronze, at the last batch", ["stream", "partition"]);
    this.retries = counter("lakeform_ingest_retries_total", "external calls retried after an outage, a timeout or a commit conflict (call: trino, s3)", ["stream", "call"]);
    this.trinoUp = gauge("lakeform_ingest_trino_up", "1 when the last Trino statement succeeded, 0 while retrying", ["stream"]);
    this.utf8Replacements = counter("lakeform_ingest_utf8_replacements_total", "string values landed with U+FFFD for invalid UTF-8 (streams with invalidUtf8: replace)", ["stream"]);
  }

  /** Prometheus text exposition of the whole registry. */
  render(): Promise<string> {
    return this.registry.metrics();
  }
}
