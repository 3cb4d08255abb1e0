import { describe, expect, it } from "vitest";
import { parseAvroSchema } from "../../../src/ingest/avro/parse-schema.js";
import { AvroTimestamp } from "../../../src/ingest/avro/timestamp.js";
import { bigIntToTwosComplement, decimalToUnscaled, twosComplementToBigInt, unscaledToString } from "../../../src/ingest/avro/logical-types.js";

const record = (fields: unknown[]) => ({ type: "record", name: "R", fields });

describe("Avro logical types", () => {
  it("keeps longs beyond 2^53 exact as bigint", () => {
    const t = parseAvroSchema(record([{ name: "n", type: "long" }]));
    for (const n of [2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, 0n, -1n]) {
      const back = t.fromBuffer(t.toBuffer({ n })) as { n: bigint };
      expect(back.n).toBe(n);
    }
  });

  it("decodes timestamp-millis and timestamp-micros without precision loss", () => {
    const t = parseAvroSchema(
      record([
        { name: "ms", type: { type: "long", logicalType: "timestamp-millis" } },
        { name: "us", type: { type: "long", logicalType: "timestamp-micros" } },
      ]),
    );
    const us = 1_714_567_890_123_456n;
    const back = t.fromBuffer(t.toBuffer({ ms: new Date("2024-05-01T12:34:56.789Z"), us: new AvroTimestamp(us) })) as Record<string, AvroTimestamp>;
    expect(back.ms?.toTrinoText()).toBe("2024-05-01 12:34:56.789000");
    expect(back.us?.epochMicros).toBe(us);
    expect(back.us?.toTrinoText()).toBe("2024-05-01 12:51:30.123456");
  });

  it("handles instants before 1970 (floor, not truncation)", () => {
    const t = new AvroTimestamp(-1n); // 1969-12-31 23:59:59.999999
    expect(t.toTrinoText()).toBe("1969-12-31 23:59:59.999999");
  });

  it("decodes date as YYYY-MM-DD", () => {
    const t = parseAvroSchema(record([{ name: "d", type: { type: "int", logicalType: "date" } }]));
    expect((t.fromBuffer(t.toBuffer({ d: "2024-02-29" })) as { d: string }).d).toBe("2024-02-29");
    expect((t.fromBuffer(t.toBuffer({ d: -1 })) as { d: string }).d).toBe("1969-12-31");
  });

  it("decodes decimals (bytes and fixed) exactly, including negatives", () => {
    const t = parseAvroSchema(
      record([
        { name: "a", type: { type: "bytes", logicalType: "decimal", precision: 20, scale: 2 } },
        { name: "b", type: { type: "fixed", name: "F", size: 8, logicalType: "decimal", precision: 18, scale: 4 } },
      ]),
    );
    const back = t.fromBuffer(t.toBuffer({ a: "-12345678901234567.89", b: "0.0005" })) as Record<string, string>;
    expect(back).toEqual({ a: "-12345678901234567.89", b: "0.0005" });
    expect(() => t.toBuffer({ a: "1.234", b: "0" })).toThrow(); // would need rounding
  });

  it("two's complement helpers round-trip", () => {
    for (const n of [0n, 1n, -1n, 127n, 128n, -128n, -129n, 2n ** 70n, -(2n ** 70n)]) {
      expect(twosComplementToBigInt(bigIntToTwosComplement(n))).toBe(n);
    }
    expect(unscaledToString(-5n, 3)).toBe("-0.005");
    expect(decimalToUnscaled("12.5", 2)).toBe(1250n);
    expect(decimalToUnscaled("abc", 2)).toBeUndefined();
  });

  it("resolves an int writer into a long reader and millis into micros", () => {
    const writer = parseAvroSchema(record([{ name: "n", type: "int" }, { name: "t", type: { type: "long", logicalType: "timestamp-millis" } }]));
    const reader = parseAvroSchema(record([{ name: "n", type: "long" }, { name: "t", type: { type: "long", logicalType: "timestamp-micros" } }]));
    const buf = writer.toBuffer({ n: 7, t: 1000 });
    const back = reader.fromBuffer(buf, reader.createResolver(writer)) as { n: bigint; t: AvroTimestamp };
    expect(back.n).toBe(7n);
    expect(back.t.epochMicros).toBe(1_000_000n);
  });

  it("refuses decimals whose scale changed (Avro spec)", () => {
    const w = parseAvroSchema(record([{ name: "a", type: { type: "bytes", logicalType: "decimal", precision: 10, scale: 2 } }]));
    const r = parseAvroSchema(record([{ name: "a", type: { type: "bytes", logicalType: "decimal", precision: 10, scale: 3 } }]));
    expect(() => r.createResolver(w)).toThrow();
  });
});

describe("timestamps no Trino timestamp can hold (one valid record must not stop the stream)", () => {
  const t = parseAvroSchema(record([{ name: "ms", type: { type: "long", logicalType: "timestamp-millis" } }]));
  const raw = parseAvroSchema(record([{ name: "ms", type: "long" }]));

  it("refuses a timestamp-millis outside the years 1–9999 at decode time, naming the value (it is dead-lettered)", () => {
    // (beyond 2^53 avsc's long already refuses the value: "potential precision loss", also a dead letter)
    for (const n of [253_402_300_800_000n, 8_000_000_000_000_000n, -62_135_596_800_001n]) {
      expect(() => t.fromBuffer(raw.toBuffer({ ms: n }))).toThrow(new RegExp(`value ${n} is outside the years 1–9999`));
    }
  });

  it("keeps the first and last instants a literal can spell", () => {
    const first = t.fromBuffer(raw.toBuffer({ ms: -62_135_596_800_000n })) as { ms: AvroTimestamp };
    const last = t.fromBuffer(raw.toBuffer({ ms: 253_402_300_799_999n })) as { ms: AvroTimestamp };
    expect(first.ms.toTrinoText()).toBe("0001-01-01 00:00:00.000000");
    expect(last.ms.toTrinoText()).toBe("9999-12-31 23:59:59.999000");
  });
});
