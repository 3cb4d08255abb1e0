/**
 * Taking partitions over, before any of their messages is handled: the requested partitions
 * must exist, no other live process may read them (ownership/partition-claim.ts), and the writes
 * a crashed predecessor left running in Trino are ended first (ownership/orphan-fence.ts).
 */
import type { KafkaClient } from "../adapters/kafka/types.js";
import { LakeformError } from "../common/errors.js";
import type { IngestLogger } from "./log.js";
import { fenceOrphans } from "./ownership/orphan-fence.js";
import { processAlive } from "../common/lock-file.js";
import { describeConflict, findConflicts, type Owner } from "./ownership/partition-claim.js";
import { formatPartitions } from "./ownership/partition-set.js";
import type { SqlRunner } from "./sql-runner.js";
import { tableName } from "./sql/table-ref.js";
import type { StreamDecl } from "./stream-decl.js";

export interface TakeoverContext {
  readonly stream: StreamDecl;
  readonly kafka: KafkaClient;
  readonly trino: SqlRunner;
  readonly log: IngestLogger;
  readonly owner: Owner;
  /** every direct consumer group of the stream starts with it; this process's ends in its instance */
  readonly groupPrefix: string;
  readonly abort?: AbortSignal | undefined;
}

export async function checkPartitionsExist(kafka: KafkaClient, stream: StreamDecl, wanted: readonly number[]): Promise<void> {
  const admin = await kafka.admin();
  try {
    const have = (await admin.topicOffsets(stream.topic)).map((o) => o.partition);
    const missing = wanted.filter((p) => !have.includes(p));
    if (missing.length) {
      throw new LakeformError("usage", `stream "${stream.name}": topic ${stream.topic} has no partition ${formatPartitions(missing)} (it has ${formatPartitions(have)})`, {
        hint: "fix --partitions",
      });
    }
  } finally {
    await admin.stop().catch(() => undefined);
  }
}

/**
 * Before a (re)assigned partition is read: refuse it if another live process reads it, then
 * end the writes a crashed predecessor left running in Trino (both explained in ownership/).
 */
export async function takeOver(c: TakeoverContext, partitions: readonly number[]): Promise<void> {
  if (partitions.length === 0) return;
  const admin = await c.kafka.admin();
  try {
    const readers = await admin.partitionReaders(c.stream.topic, c.groupPrefix);
    const conflicts = findConflicts(c.owner, `${c.groupPrefix}${c.owner.instance}`, partitions, readers, processAlive);
    if (conflicts.length) {
      throw new LakeformError("usage", `stream "${c.stream.name}": ${conflicts.map((x) => describeConflict(c.stream.topic, x)).join("; ")}`, {
        hint: "give each ingester of a stream its own partitions (--partitions); a crashed owner on another host is forgotten after its 15 s Kafka session",
      });
    }
  } finally {
    await admin.stop().catch(() => undefined);
  }
  await fenceOrphans(c.trino, { table: tableName(c.stream.target), partitions, instance: c.owner.instance, log: c.log, label: c.stream.name, signal: c.abort });
}
