/**
 * Per-partition state. Exactly-once needs batches of one partition to commit in order (the
 * resume point is "the highest batch end offset", which assumes no gap below it); different
 * partitions are independent, so each partition gets its own lane — own buffer, own serial
 * queue — and lanes write to Trino concurrently. Commit time, not CPU, bounds an INSERT
 * (~1 s for ~4,000 rows, most of it S3 writes and the Iceberg commit), so concurrent lanes
 * multiply throughput.
 */
import { Batcher, type BatchLimits } from "./batcher.js";
import { NOTHING, type PartitionProgress } from "./resume.js";
import { Serial } from "./serial.js";

export class PartitionLane {
  readonly partition: number;
  readonly batcher: Batcher;
  readonly serial = new Serial();
  progress: PartitionProgress = NOTHING;
  /** set by a (re)join: read bronze before handling the next batch */
  needsResume = true;
  /** the first batch after a resume has been positioned (seek done or not needed) */
  positioned = false;
  highWatermark: bigint | undefined;
  /** batches this lane committed; tells whether a position read before a commit is stale */
  commits = 0;

  constructor(partition: number, limits: BatchLimits, now: () => number) {
    this.partition = partition;
    this.batcher = new Batcher(limits, now);
  }
}
