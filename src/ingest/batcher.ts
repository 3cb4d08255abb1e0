/**
 * Accumulates rendered rows until a limit is hit: rows, raw message bytes, age of the oldest
 * row, or — a hard limit — the SQL text size, because Trino rejects statements longer than
 * `query.max-length` (1,000,000 chars by default) and a batch must be exactly one INSERT.
 */
export interface BatchLimits {
  readonly maxRows: number;
  readonly maxBytes: number;
  readonly maxAgeMs: number;
  /** max chars of one INSERT statement */
  readonly maxSqlChars: number;
  /** chars a good row needs beyond its prefix (JSON rows need fewer than VALUES rows) */
  readonly goodRowOverheadChars?: number;
}

export interface Entry {
  readonly partition: number;
  readonly offset: bigint;
  readonly good: boolean;
  /** rendered literals without the batch-level columns */
  readonly prefix: string;
  readonly bytes: number;
  /** when it was produced (Kafka timestamp, ms), for latency */
  readonly producedAtMs: number;
}

/**
 * Room each row needs beyond its prefix: brackets, separators and the batch-level values
 * (two BIGINTs of up to 19 digits; VALUES rows also a TIMESTAMP literal).
 */
export const ROW_OVERHEAD_CHARS = 90;
export const JSON_ROW_OVERHEAD_CHARS = 48;
/** Room for `INSERT INTO … (columns) VALUES` */
export const HEADER_RESERVE_CHARS = 8_000;

export interface BatchContents {
  readonly entries: readonly Entry[];
  readonly startedAtMs: number;
}

export class Batcher {
  private entries: Entry[] = [];
  private bytes = 0;
  private goodChars = HEADER_RESERVE_CHARS;
  private badChars = HEADER_RESERVE_CHARS;
  private startedAt = 0;
  readonly limits: BatchLimits;
  private readonly now: () => number;

  constructor(limits: BatchLimits, now: () => number = Date.now) {
    this.limits = limits;
    this.now = now;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Largest prefix a single row may have and still fit a statement on its own. */
  get maxRowChars(): number {
    return this.limits.maxSqlChars - HEADER_RESERVE_CHARS - ROW_OVERHEAD_CHARS;
  }

  /** False when adding `e` would push its statement past the SQL size limit: flush first. */
  private overhead(good: boolean): number {
    return good ? (this.limits.goodRowOverheadChars ?? ROW_OVERHEAD_CHARS) : ROW_OVERHEAD_CHARS;
  }

  fits(e: Pick<Entry, "good" | "prefix">): boolean {
    const chars = (e.good ? this.goodChars : this.badChars) + e.prefix.length + this.overhead(e.good);
    return this.entries.length === 0 || chars <= this.limits.maxSqlChars;
  }

  add(e: Entry): void {
    if (this.entries.length === 0) this.startedAt = this.now();
    this.entries.push(e);
    this.bytes += e.bytes;
    if (e.good) this.goodChars += e.prefix.length + this.overhead(true);
    else this.badChars += e.prefix.length + this.overhead(false);
  }

  isFull(): boolean {
    return this.entries.length >= this.limits.maxRows || this.bytes >= this.limits.maxBytes;
  }

  isDue(): boolean {
    return this.entries.length > 0 && (this.isFull() || this.now() - this.startedAt >= this.limits.maxAgeMs);
  }

  take(): BatchContents {
    const out = { entries: this.entries, startedAtMs: this.startedAt };
    this.entries = [];
    this.bytes = 0;
    this.goodChars = HEADER_RESERVE_CHARS;
    this.badChars = HEADER_RESERVE_CHARS;
    return out;
  }

  /** Drops buffered rows (after a rebalance they are re-read from the resume point). */
  clear(): void {
    this.take();
  }
}
