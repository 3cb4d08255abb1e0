/**
 * An instant with microsecond precision. Avro `timestamp-micros` does not fit a JS `Date`
 * (milliseconds), and Iceberg stores `timestamp(6) with time zone`, so decoded timestamps
 * keep their micros as a bigint.
 */
/**
 * The instants a Trino timestamp literal can spell: years 1 to 9999. Outside them
 * `Date.toISOString()` writes `+010000-…` / `-000001-…`, which Trino refuses as an invalid
 * literal — and one refused value fails its whole batch, so the stream would stop there.
 */
export const MIN_LITERAL_MICROS = -62_135_596_800_000_000n; // 0001-01-01T00:00:00Z
export const MAX_LITERAL_MICROS = 253_402_300_799_999_999n; // 9999-12-31T23:59:59.999999Z

export function inLiteralRange(epochMicros: bigint): boolean {
  return epochMicros >= MIN_LITERAL_MICROS && epochMicros <= MAX_LITERAL_MICROS;
}

export class AvroTimestamp {
  readonly epochMicros: bigint;
  constructor(epochMicros: bigint) {
    this.epochMicros = epochMicros;
  }

  static fromMillis(ms: number | bigint): AvroTimestamp {
    return new AvroTimestamp(BigInt(ms) * 1000n);
  }

  static fromDate(d: Date): AvroTimestamp {
    return AvroTimestamp.fromMillis(d.getTime());
  }

  get epochMillis(): bigint {
    // floor division so instants before 1970 round down like Avro/Java do
    const q = this.epochMicros / 1000n;
    return this.epochMicros < 0n && q * 1000n !== this.epochMicros ? q - 1n : q;
  }

  toDate(): Date {
    return new Date(Number(this.epochMillis));
  }

  /** `2024-05-01 12:34:56.789012` in UTC — the text of a Trino TIMESTAMP literal. */
  toTrinoText(): string {
    const ms = this.epochMillis;
    const micros = this.epochMicros - ms * 1000n;
    const iso = new Date(Number(ms)).toISOString(); // 2024-05-01T12:34:56.789Z
    const frac = `${iso.slice(20, 23)}${micros.toString().padStart(3, "0")}`;
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${frac}`;
  }

  toJSON(): string {
    return `${this.toTrinoText().replace(" ", "T")}Z`;
  }
}
