/**
 * Exactly-once bookkeeping for file landings, derived only from what the two tables hold — the
 * Kafka path's design (resume.ts) with an object version in place of a partition and a line in
 * place of an offset. A batch holds records of one object version, in line order; its dead
 * letters are inserted first, then its good rows, each one Iceberg commit, and every row carries
 * `_batch_end_line`. So per (object, ETag):
 * - `covered`: the highest `_batch_end_line` of a batch known complete (any bronze row's, or a
 *   dead letter's whose batch had no good row). Every line ≤ covered is in one of the tables.
 * - `deadMax`: the highest dead-lettered line (the last batch may have its dead letters in but
 *   not its good rows: re-reading from covered+1 lands the good ones and skips those bad ones).
 * - `done`: a complete batch reached the end of the object; it is not read again.
 * Reading is deterministic (same bytes → same records, lines, errors), so a re-read record is
 * classified as before.
 */
export interface FileProgress {
  readonly covered: number;
  readonly deadMax: number;
  readonly done: boolean;
}

export const NOTHING: FileProgress = { covered: 0, deadMax: 0, done: false };

export const fileKey = (uri: string, etag: string) => `${uri}\u0000${etag}`;

const num = (v: unknown): number | undefined => (typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : typeof v === "string" && v !== "" ? Number(v) : undefined);

/** Bronze rows `[file, etag, max_end, done]`; dead-letter rows `[file, etag, max_covering_end, max_line, done]`. */
export function combineFileProgress(bronze: readonly (readonly unknown[])[], dead: readonly (readonly unknown[])[]): Map<string, FileProgress> {
  const out = new Map<string, FileProgress>();
  const merge = (k: string, covered: number | undefined, deadMax: number | undefined, done: boolean) => {
    const p = out.get(k) ?? NOTHING;
    out.set(k, { covered: Math.max(p.covered, covered ?? 0), deadMax: Math.max(p.deadMax, deadMax ?? 0), done: p.done || done });
  };
  for (const [f, e, end, done] of bronze) merge(fileKey(String(f), String(e)), num(end), undefined, done === true);
  for (const [f, e, end, max, done] of dead) merge(fileKey(String(f), String(e)), num(end), num(max), done === true);
  return out;
}

/** Whether a (re-)read record still has to be written. */
export function shouldLand(p: FileProgress, line: number, good: boolean): boolean {
  if (line <= p.covered) return false;
  return good || line > p.deadMax;
}
