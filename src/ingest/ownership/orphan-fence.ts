/**
 * Statements a SIGKILLed ingester left running in Trino. Trino keeps executing a statement whose
 * client is gone (it gives up only after `query.client.timeout`, 5 min by default), so an
 * orphaned bronze INSERT can commit after a fast restart has read bronze's position and re-sent
 * the same offsets: a duplicate. Every ingest write therefore starts with a tag naming the
 * table, the partition and the writing incarnation, and before a restarted ingester reads a
 * partition's position it kills the partition's statements of other incarnations and waits until
 * Trino reports them finished or failed. Only the partition's owner writes it (partition-claim.ts),
 * so a running statement of another incarnation is always an orphan.
 */
import { errorMessage } from "../../common/errors.js";
import type { IngestLogger } from "../log.js";
import type { SqlRunner } from "../sql-runner.js";
import { sleep } from "../retry.js";
import { quoteString } from "../sql/literals.js";

const TAG = "/* lakeform-ingest ";

/** The comment every ingest write starts with. */
export function writeTag(table: string, partition: number, instance: string): string {
  return `${TAG}${table} p${partition} ${instance} */\n`;
}

export interface TaggedQuery {
  readonly queryId: string;
  readonly table: string;
  readonly partition: number;
  readonly instance: string;
}

export function parseTag(queryId: string, text: string): TaggedQuery | undefined {
  if (!text.startsWith(TAG)) return undefined;
  const m = /^(\S+) p(\d+) (\S+) \*\//.exec(text.slice(TAG.length));
  return m ? { queryId, table: m[1] ?? "", partition: Number(m[2]), instance: m[3] ?? "" } : undefined;
}

// The pattern is built by concatenation so this SELECT's own text never matches it.
const RUNNING_SQL = `SELECT query_id, query FROM system.runtime.queries WHERE state NOT IN ('FINISHED', 'FAILED') AND query LIKE '/' || '* lakeform-ingest %'`;

export async function orphans(trino: SqlRunner, table: string, partitions: readonly number[], instance: string, signal?: AbortSignal): Promise<TaggedQuery[]> {
  const r = await trino.query(RUNNING_SQL, { signal });
  return r.rows
    .map((row) => parseTag(String(row[0]), String(row[1])))
    .filter((q): q is TaggedQuery => q !== undefined && q.table === table && q.instance !== instance && partitions.includes(q.partition));
}

/** Kills the other incarnations' running writes to `partitions` and waits until none is left. */
export async function fenceOrphans(
  trino: SqlRunner,
  o: { readonly table: string; readonly partitions: readonly number[]; readonly instance: string; readonly log: IngestLogger; readonly label: string; readonly signal?: AbortSignal | undefined },
): Promise<void> {
  const killed = new Set<string>();
  for (let round = 0; ; round++) {
    const left = await orphans(trino, o.table, o.partitions, o.instance, o.signal);
    if (left.length === 0) {
      if (killed.size) o.log("info", `[${o.label}] ${killed.size} orphaned write(s) of a previous ingester ended; reading bronze's position now`);
      return;
    }
    for (const q of left) {
      if (killed.has(q.queryId)) continue;
      killed.add(q.queryId);
      o.log("warn", `[${o.label}] killing query ${q.queryId}: a write to partition ${q.partition} left running by a previous ingester (${q.instance}); it commits completely or not at all`);
      await trino
        .query(`CALL system.runtime.kill_query(query_id => ${quoteString(q.queryId)}, message => ${quoteString("orphaned by a crashed Lakeform ingester")})`, { signal: o.signal })
        .catch((e: unknown) => o.log("debug", `[${o.label}] kill_query ${q.queryId}: ${errorMessage(e)}`));
    }
    if (round > 0 && round % 25 === 0) o.log("warn", `[${o.label}] still waiting for ${left.length} orphaned write(s) to end: ${left.map((q) => q.queryId).join(", ")}`);
    await sleep(200, o.signal);
  }
}

/**
 * Waits until no statement carrying exactly `tag` runs (a write of this incarnation that timed
 * out and was cancelled may still be committing). Polls until Trino answers.
 */
export async function waitTagEnded(trino: SqlRunner, tag: string, o: { readonly log: IngestLogger; readonly label: string; readonly signal?: AbortSignal | undefined }): Promise<void> {
  const t0 = Date.now();
  let warned = 0;
  for (;;) {
    try {
      const r = await trino.query(RUNNING_SQL, { signal: o.signal, timeoutMs: 30_000 });
      if (!r.rows.some((row) => String(row[1]).startsWith(tag))) return;
    } catch (e) {
      if (o.signal?.aborted) throw e;
    }
    if (Date.now() - t0 - warned >= 10_000) {
      warned = Date.now() - t0;
      o.log("warn", `[${o.label}] waiting ${Math.round(warned / 1000)} s for a cancelled write to end in Trino before checking whether it landed`);
    }
    await sleep(500, o.signal);
  }
}
