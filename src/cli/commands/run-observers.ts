/** Optional observers wired into `lakeform run` from flags and environment (OpenLineage). */
import { info } from "../output.js";
import { loadStreams } from "../../ingest/streams.js";
import { resolveConnections } from "../../config/connection.js";
import { cachedColumnLineage } from "../../lineage/columns/project-columns.js";
import { openLineageEmitterFromConfig } from "../../lineage/openlineage/emitter.js";
import { lineageFileStreams, lineageStreams } from "../../lineage/streams.js";
import { loadFileStreams } from "../../ingest/files/load.js";
import type { RunObserver } from "../../run/events.js";
import type { LoadedProject } from "../project.js";

/**
 * `--openlineage <file.jsonl|http(s)://…>` or LAKEFORM_OPENLINEAGE_URL / OPENLINEAGE_URL: START,
 * COMPLETE and FAIL events with input/output datasets, schema and column-lineage facets.
 */
export async function extraObservers(p: LoadedProject, flags: { openlineage?: string }): Promise<RunObserver[]> {
  const conn = resolveConnections(p.dir);
  const streams = [...lineageStreams(loadStreams(p.dir).streams), ...lineageFileStreams(loadFileStreams(p.dir).streams)];
  const emitter = openLineageEmitterFromConfig({
    target: flags.openlineage,
    project: p.dir.split("/").filter(Boolean).at(-1) ?? "lakeform",
    trinoUrl: conn.trino.url,
    kafkaBrokers: conn.kafka.brokers,
    streams,
    // Column lineage comes from the on-disk cache when `lakeform lineage --columns` filled it;
    // otherwise it is computed once here, at run start, never during compile.
    columns: (run) => cachedColumnLineage(p.dir, run.graph, streams, new Set(run.selected)),
    warn: (m) => info(`warning: ${m}`),
  });
  return emitter ? [emitter] : [];
}
