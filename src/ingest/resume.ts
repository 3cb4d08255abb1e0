/**
 * Exactly-once bookkeeping, derived only from what the tables hold.
 *
 * A batch writes its bad messages to the dead-letter table first, then its good ones to
 * bronze; both inserts are single Iceberg commits, batches run one at a time, and every row
 * carries `_batch_end_offset` = the batch's last offset for its partition. So for a partition:
 * - `covered` = the highest `_batch_end_offset` of a batch known complete: any bronze row's,
 *   or a dead-letter row's whose batch had no good message for that partition (`_covers_batch`).
 *   Every message ≤ covered is in one of the two tables.
 * - `deadMax` = the highest dead-lettered offset. Only the last batch can be half done (its
 *   dead letters in, its bronze insert not); re-reading from covered+1 lands its good messages
 *   and skips bad ones ≤ deadMax, which are already dead-lettered.
 * Decoding is deterministic, so a re-read message is classified as before.
 */
export interface PartitionProgress {
  /** highest offset known landed (good or dead-lettered); -1 when nothing */
  readonly covered: bigint;
  /** highest dead-lettered offset; -1 when none */
  readonly deadMax: bigint;
}

export const NOTHING: PartitionProgress = { covered: -1n, deadMax: -1n };

function big(v: unknown): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  return undefined;
}

const max = (a: bigint, b: bigint | undefined) => (b !== undefined && b > a ? b : a);

/** Rows: bronze `[_partition, max_end]`, dead letter `[_partition, max_covering_end, max_offset]`. */
export function combineProgress(bronze: readonly (readonly unknown[])[], dead: readonly (readonly unknown[])[]): Map<number, PartitionProgress> {
  const out = new Map<number, PartitionProgress>();
  const get = (p: number) => out.get(p) ?? NOTHING;
  for (const [p, end] of bronze) {
    const prev = get(Number(p));
    out.set(Number(p), { ...prev, covered: max(prev.covered, big(end)) });
  }
  for (const [p, coveringEnd, deadMax] of dead) {
    const prev = get(Number(p));
    out.set(Number(p), { covered: max(prev.covered, big(coveringEnd)), deadMax: max(prev.deadMax, big(deadMax)) });
  }
  return out;
}

export type Disposition = "land" | "skip";

/** Whether a (re-)read message still has to be written. */
export function disposition(progress: PartitionProgress, offset: bigint, good: boolean): Disposition {
  if (offset <= progress.covered) return "skip";
  if (!good && offset <= progress.deadMax) return "skip";
  return "land";
}

export function advance(progress: PartitionProgress, batchEnd: bigint, deadMax: bigint | undefined): PartitionProgress {
  return { covered: max(progress.covered, batchEnd), deadMax: max(progress.deadMax, deadMax) };
}
