/**
 * Ingest metrics in Prometheus text format (no client library: a handful of counters and
 * gauges do not justify a dependency).
 */
export type Labels = Readonly<Record<string, string>>;

interface Series {
  readonly labels: Labels;
  value: number;
}

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge";
  readonly series: Map<string, Series>;
}

function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`)
    .join(",");
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  private metric(name: string, help: string, type: "counter" | "gauge"): Metric {
    let m = this.metrics.get(name);
    if (!m) {
      m = { name, help, type, series: new Map() };
      this.metrics.set(name, m);
    }
    return m;
  }

  private series(m: Metric, labels: Labels): Series {
    const key = labelKey(labels);
    let s = m.series.get(key);
    if (!s) {
      s = { labels, value: 0 };
      m.series.set(key, s);
    }
    return s;
  }

  inc(name: string, help: string, labels: Labels, by = 1): void {
    this.series(this.metric(name, help, "counter"), labels).value += by;
  }

  set(name: string, help: string, labels: Labels, value: number): void {
    this.series(this.metric(name, help, "gauge"), labels).value = value;
  }

  get(name: string, labels: Labels): number | undefined {
    return this.metrics.get(name)?.series.get(labelKey(labels))?.value;
  }

  render(): string {
    const out: string[] = [];
    for (const m of this.metrics.values()) {
      out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
      for (const s of m.series.values()) {
        const l = labelKey(s.labels);
        out.push(`${m.name}${l ? `{${l}}` : ""} ${Number.isFinite(s.value) ? s.value : 0}`);
      }
    }
    return `${out.join("\n")}\n`;
  }
}

/** The ingester's metric names, in one place so dashboards and docs can rely on them. */
export const M = {
  messages: ["lakeform_ingest_messages_total", "Kafka messages consumed (good and bad, excluding already-landed re-reads)"],
  skipped: ["lakeform_ingest_skipped_total", "re-read messages skipped because bronze already holds them"],
  rows: ["lakeform_ingest_rows_written_total", "rows committed to the bronze table"],
  dead: ["lakeform_ingest_dead_letters_total", "messages written to the dead-letter table"],
  batches: ["lakeform_ingest_batches_total", "batches committed"],
  batchSeconds: ["lakeform_ingest_batch_seconds_total", "time spent writing batches (sum; divide by batches for the mean)"],
  lastBatchSeconds: ["lakeform_ingest_last_batch_seconds", "duration of the last batch write"],
  lag: ["lakeform_ingest_lag_messages", "messages in the partition not yet in bronze, at the last batch"],
  retries: ["lakeform_ingest_trino_retries_total", "Trino statements retried after an outage or commit conflict"],
  trinoUp: ["lakeform_ingest_trino_up", "1 when the last Trino statement succeeded, 0 while retrying"],
} as const;
