/**
 * An instant with microsecond precision. Avro `timestamp-micros` does not fit a JS `Date`
 * (milliseconds), and Iceberg stores `timestamp(6) with time zone`, so decoded timestamps
 * keep their micros as a bigint.
 */
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
