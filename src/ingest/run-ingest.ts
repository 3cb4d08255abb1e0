/**
 * `lakeform ingest`: runs one ingester per selected stream in this process, with shared
 * Trino/Kafka clients and one metrics endpoint. If any stream fails, the others stop
 * gracefully and the error is rethrown (bronze keeps every committed batch).
 */
import { createKafkaClient } from "../adapters/kafka/kafkajs-client.js";
import type { KafkaClient } from "../adapters/kafka/types.js";
import { TrinoClient } from "../adapters/trino/client.js";
import { nearest } from "../common/did-you-mean.js";
import { DiagnosticsError, LakeformError } from "../common/errors.js";
import { resolveConnections } from "../config/connection.js";
import type { IngestLogger } from "./log.js";
import type { Registry } from "prom-client";
import { IngestMetrics } from "./metrics.js";
import type { CallLimits } from "./guard/slow-call.js";
import { startMetricsServer } from "./metrics-server.js";
import type { SinkKind, SqlRunner } from "./sink.js";
import { S3ObjectStore, type ObjectStore } from "../adapters/s3/object-store.js";
import type { StreamDecl } from "./stream-decl.js";
import type { IngestRunOptions, IngestSummary } from "./ingester-options.js";
import { StreamIngester } from "./stream-ingester.js";
import { loadStreams } from "./streams.js";
import type { FileStreamDecl } from "./files/file-stream-decl.js";
import { loadFileStreams } from "./files/load.js";
import { FileIngester } from "./files/file-ingester.js";

export interface RunIngestOptions extends Omit<IngestRunOptions, "stop"> {
  readonly projectDir: string;
  /** stream names; default all */
  readonly streams?: readonly string[] | undefined;
  /** serve Prometheus metrics on 127.0.0.1:<port> (0 = any free port) */
  readonly metricsPort?: number | undefined;
  /** register the ingester's metrics here (e.g. `serve`'s registry) instead of a fresh one */
  readonly registry?: Registry | undefined;
  readonly stop?: AbortSignal | undefined;
  readonly abort?: AbortSignal | undefined;
  readonly log: IngestLogger;
  /** also ask the Kafka client for its INFO lines (they arrive at `debug`) */
  readonly verbose?: boolean | undefined;
  /** for tests and benchmarks: inject clients instead of resolving connections */
  readonly clients?: { readonly kafka: KafkaClient; readonly trino: SqlRunner } | undefined;
  readonly onMetricsServer?: (port: number) => void;
  /** "parquet": good rows reach bronze through staged Parquet files (see ingest/parquet/staging.ts) */
  readonly sink?: SinkKind | undefined;
  /** timeouts and slow-call warnings for Trino and S3 (defaults in guard/slow-call.ts) */
  readonly callLimits?: Partial<CallLimits> | undefined;
  /** for tests: the store the Parquet sink writes to (default: the configured S3) */
  readonly objectStore?: ObjectStore | undefined;
}

export function selectStreams<T extends { readonly name: string }>(all: readonly T[], names: readonly string[] | undefined): T[] {
  if (!names || names.length === 0) {
    if (all.length === 0) throw new LakeformError("usage", "no streams declared", { hint: "add streams/<name>.yaml (see streams/dados_produtores.yaml)" });
    return [...all];
  }
  return names.map((n) => {
    const s = all.find((x) => x.name === n);
    if (!s) {
      const guess = nearest(n, all.map((x) => x.name));
      throw new LakeformError("usage", `unknown stream "${n}"`, { hint: guess ? `did you mean "${guess}"?` : `declared: ${all.map((x) => x.name).join(", ") || "none"}` });
    }
    return s;
  });
}

export async function runIngest(o: RunIngestOptions): Promise<IngestSummary[]> {
  const loaded = loadStreams(o.projectDir);
  const fileStreams = loadFileStreams(o.projectDir);
  const errors = [...loaded.diagnostics, ...fileStreams.diagnostics].filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `${errors.length} error(s) in stream declarations`);
  // --partitions splits Kafka partitions between processes; a file landing has none, and two
  // processes landing one prefix would both write its rows: it stays out of partitioned runs.
  const candidates = o.partitions && !o.streams?.length ? loaded.streams : [...loaded.streams, ...fileStreams.streams];
  const chosen = selectStreams<StreamDecl | FileStreamDecl>(candidates, o.streams);
  const selected = chosen.filter((s): s is StreamDecl => !("kind" in s));
  const selectedFiles = chosen.filter((s): s is FileStreamDecl => "kind" in s && s.kind === "files");
  if (o.partitions && selectedFiles.length) {
    throw new LakeformError("usage", `--partitions applies to Kafka streams; ${selectedFiles.map((s) => `"${s.name}"`).join(", ")} ${selectedFiles.length > 1 ? "are file landings" : "is a file landing"}`, { hint: "ingest file landings in one process without --partitions" });
  }
  if (o.partitions && o.sink === "parquet") {
    // The Parquet sink's staging table is per bronze table and rebuilt at start: a second
    // ingester of the stream would drop files the first one is still reading.
    throw new LakeformError("usage", "--partitions cannot be combined with --sink parquet yet", { hint: "use the default --sink sql for partitioned ingesters" });
  }
  if (o.partitions?.length === 0) throw new LakeformError("usage", "--partitions names no partition");
  const conn = resolveConnections(o.projectDir);
  // Bigger statements = bigger batches = fewer Iceberg commits; keep a margin for the header.
  const limits = { maxSqlChars: Math.floor((conn.trino.maxQueryLength ?? 1_000_000) * 0.95), ...o.limits };
  const trino = o.clients?.trino ?? new TrinoClient(conn.trino);
  // file landings alone need no Kafka client
  const kafka = o.clients?.kafka ?? (selected.length ? createKafkaClient(conn.kafka, (level, message, extra) => o.log(level, `kafka: ${message}`, extra), { verbose: o.verbose }) : undefined);
  const objectStore = o.sink === "parquet" ? (o.objectStore ?? new S3ObjectStore(conn.s3)) : undefined;
  const metrics = new IngestMetrics(o.registry);
  const server = o.metricsPort !== undefined ? await startMetricsServer(metrics.registry, o.metricsPort) : undefined;
  if (server) {
    o.log("info", `metrics on http://127.0.0.1:${server.port}/metrics`);
    o.onMetricsServer?.(server.port);
  }
  // one failing stream stops the others gracefully
  const stopAll = new AbortController();
  const onStop = () => stopAll.abort();
  o.stop?.addEventListener("abort", onStop, { once: true });
  if (o.stop?.aborted) stopAll.abort();
  try {
    const fileRuns = selectedFiles.map(async (s) => {
      try {
        return await new FileIngester(s, { trino, s3: conn.s3, log: o.log, metrics, abort: o.abort, callLimits: o.callLimits }).run({ untilIdle: o.untilIdle, stop: stopAll.signal, maxSqlChars: limits.maxSqlChars });
      } catch (e) {
        stopAll.abort();
        throw e;
      }
    });
    const runs = [...fileRuns, ...selected.map(async (s) => {
      try {
        return await new StreamIngester(s, { kafka: kafka as KafkaClient, trino, log: o.log, metrics, abort: o.abort, objectStore, callLimits: o.callLimits }).run({ ...o, limits, stop: stopAll.signal });
      } catch (e) {
        stopAll.abort();
        throw e;
      }
    })];
    const settled = await Promise.allSettled(runs);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    return settled.map((r) => (r as PromiseFulfilledResult<IngestSummary>).value);
  } finally {
    o.stop?.removeEventListener("abort", onStop);
    await server?.close();
  }
}
