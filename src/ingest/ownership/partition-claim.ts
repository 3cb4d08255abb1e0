/**
 * Who may ingest a partition. Each ingester reads its partitions through a consumer group of
 * its own (see adapters/kafka: direct assignment) and publishes an `Owner` with that
 * membership; the broker's group coordinator is the lease: a member that stops heartbeating is
 * dropped after its session timeout (15 s), with no table or lock file to clean up.
 *
 * A claim conflicts with every other live reader of the same partitions, except the previous
 * incarnation of this very process: same host and the same pid (a restarted container is pid 1
 * again) or a pid no longer alive on this host. So a SIGKILLed ingester restarts at once, while a
 * second process claiming one of its partitions is refused with the owner named.
 */
import type { PartitionReader } from "../../adapters/kafka/types.js";
import { formatPartitions } from "./partition-set.js";

export interface Owner {
  readonly host: string;
  readonly pid: number;
  readonly startedAtMs: number;
  /** random per start: tags this incarnation's Trino statements (see orphan-fence.ts) */
  readonly instance: string;
}

export function encodeOwner(o: Owner): string {
  return JSON.stringify({ lakeform: 1, ...o });
}

export function decodeOwner(text: string): Owner | undefined {
  try {
    const v = JSON.parse(text) as Partial<Owner> & { lakeform?: unknown };
    if (v.lakeform !== 1 || typeof v.host !== "string" || typeof v.pid !== "number" || typeof v.instance !== "string") return undefined;
    return { host: v.host, pid: v.pid, startedAtMs: Number(v.startedAtMs ?? 0), instance: v.instance };
  } catch {
    return undefined;
  }
}

export interface ClaimConflict {
  readonly partitions: readonly number[];
  readonly reader: PartitionReader;
  readonly owner: Owner | undefined;
}

/** Whether `other` is an earlier start of this same process (crashed; its session not yet expired). */
export function isPredecessor(me: Owner, other: Owner, pidAlive: (pid: number) => boolean): boolean {
  if (other.instance === me.instance || other.host !== me.host) return false;
  return other.pid === me.pid || !pidAlive(other.pid);
}

export function findConflicts(
  me: Owner,
  myGroupId: string,
  mine: readonly number[],
  readers: readonly PartitionReader[],
  pidAlive: (pid: number) => boolean,
): ClaimConflict[] {
  const out: ClaimConflict[] = [];
  for (const r of readers) {
    if (r.groupId === myGroupId) continue;
    const overlap = r.partitions.filter((p) => mine.includes(p));
    if (overlap.length === 0) continue;
    const owner = decodeOwner(r.owner);
    if (owner && isPredecessor(me, owner, pidAlive)) continue;
    out.push({ partitions: overlap, reader: r, owner });
  }
  return out;
}

export function describeConflict(topic: string, c: ClaimConflict): string {
  const who = c.owner
    ? `${c.owner.host} pid ${c.owner.pid} (started ${new Date(c.owner.startedAtMs).toISOString()})`
    : `a consumer on ${c.reader.clientHost} that is not a Lakeform ingester`;
  return `partition${c.partitions.length > 1 ? "s" : ""} ${formatPartitions(c.partitions)} of topic ${topic} already ingested by ${who}, consumer group ${c.reader.groupId}`;
}
