/** What the file readers (CSV, JSON lines, Parquet) yield: a typed record or a dead letter, by position. */
export type FileRecord =
  /** `values` are aligned with the stream's payload columns, already typed (coerce.ts) */
  | { readonly line: number; readonly values: readonly unknown[] }
  | { readonly line: number; readonly error: string; readonly raw: string };

/** Records one at a time from a reader that yields them in chunks (tests and simple callers). */
export async function* flatten(chunks: AsyncIterable<readonly FileRecord[]>): AsyncGenerator<FileRecord> {
  for await (const c of chunks) yield* c;
}

export function isBad(r: FileRecord): r is Extract<FileRecord, { error: string }> {
  return "error" in r;
}
