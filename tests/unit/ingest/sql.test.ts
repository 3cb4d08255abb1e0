import { describe, expect, it } from "vitest";
import { AvroTimestamp } from "../../../src/ingest/avro/timestamp.js";
import { Batcher } from "../../../src/ingest/batcher.js";
import { advance, combineProgress, disposition, NOTHING } from "../../../src/ingest/resume.js";
import { schemaDrift } from "../../../src/ingest/sql/ddl.js";
import { renderLiteral } from "../../../src/ingest/sql/literals.js";
import type { TrinoType } from "../../../src/ingest/sql/trino-type.js";

describe("SQL literals", () => {
  const row: TrinoType = {
    kind: "row",
    fields: [
      { name: "lat", source: "Lat", type: { kind: "double" } },
      { name: "uf", source: "uf", type: { kind: "varchar" } },
    ],
  };
  it("renders typed literals", () => {
    expect(renderLiteral({ kind: "double" }, 1.5)).toBe("1.5E+0");
    expect(renderLiteral({ kind: "double" }, -0.000123)).toBe("-1.23E-4");
    expect(renderLiteral({ kind: "double" }, NaN)).toBe("nan()");
    expect(renderLiteral({ kind: "bigint" }, 2n ** 62n)).toBe("4611686018427387904");
    expect(renderLiteral({ kind: "varchar" }, "d'Oeste")).toBe("'d''Oeste'");
    expect(renderLiteral({ kind: "timestamptz" }, new AvroTimestamp(1_714_567_890_123_456n))).toBe("TIMESTAMP '2024-05-01 12:51:30.123456 UTC'");
    expect(renderLiteral(row, { Lat: -12.5, uf: "MT" })).toBe("ROW(-1.25E+1, 'MT')");
    expect(renderLiteral(row, null)).toBe("NULL");
    expect(renderLiteral({ kind: "map", value: { kind: "integer" } }, { a: 1 })).toBe("MAP(ARRAY['a'], ARRAY[1])");
    expect(renderLiteral({ kind: "varbinary" }, Buffer.from([1, 255]))).toBe("X'01ff'");
    expect(renderLiteral({ kind: "decimal", precision: 10, scale: 2 }, "-1.50")).toBe("DECIMAL '-1.50'");
    expect(renderLiteral({ kind: "json" }, { a: 1n })).toBe(`'{"a":1}'`);
    expect(() => renderLiteral({ kind: "integer" }, "x")).toThrow();
  });
});

describe("resume bookkeeping", () => {
  it("combines bronze and dead-letter progress", () => {
    const p = combineProgress(
      [
        [0, 99n],
        [1, 10n],
      ],
      [
        [1, 20n, 20n], // a batch of only dead letters completed partition 1 up to 20
        [2, null, 5n], // dead letters whose bronze half may be missing
      ],
    );
    expect(p.get(0)).toEqual({ covered: 99n, deadMax: -1n });
    expect(p.get(1)).toEqual({ covered: 20n, deadMax: 20n });
    expect(p.get(2)).toEqual({ covered: -1n, deadMax: 5n });
  });

  it("re-reading a half-written batch lands its good messages and skips its dead letters", () => {
    const half = { covered: 9n, deadMax: 14n };
    expect(disposition(half, 9n, true)).toBe("skip");
    expect(disposition(half, 12n, true)).toBe("land");
    expect(disposition(half, 12n, false)).toBe("skip");
    expect(disposition(half, 15n, false)).toBe("land");
    expect(advance(NOTHING, 30n, undefined)).toEqual({ covered: 30n, deadMax: -1n });
  });
});

describe("batcher", () => {
  const entry = (good: boolean, chars: number) => ({ partition: 0, offset: 0n, good, prefix: "x".repeat(chars), bytes: 10, producedAtMs: 0 });
  it("closes batches on rows, bytes, age and statement size", () => {
    let now = 0;
    const b = new Batcher({ maxRows: 3, maxBytes: 25, maxAgeMs: 100, maxSqlChars: 20_000 }, () => now);
    b.add(entry(true, 10));
    expect(b.isDue()).toBe(false);
    now = 100;
    expect(b.isDue()).toBe(true);
    b.add(entry(true, 10));
    b.add(entry(true, 10));
    expect(b.isFull()).toBe(true); // 30 bytes ≥ 25 and 3 rows
    expect(b.take().entries).toHaveLength(3);
    b.add(entry(true, 5_000));
    expect(b.fits(entry(true, 5_000))).toBe(true);
    b.add(entry(true, 5_000));
    expect(b.fits(entry(true, 5_000))).toBe(false); // 8000 header + 3×(5000+90) > 20000
    expect(b.fits(entry(false, 5_000))).toBe(true); // dead letters are a separate statement
  });
});

describe("schema drift", () => {
  it("adds new columns and reports changed ones", () => {
    const d = schemaDrift(
      [
        { name: "a", type: "varchar" },
        { name: "loc", type: "row(lat double, uf varchar)" },
      ],
      [
        { name: "a", type: { kind: "varchar" } },
        { name: "loc", type: { kind: "row", fields: [{ name: "lat", source: "lat", type: { kind: "double" } }, { name: "uf", source: "uf", type: { kind: "varchar" } }] } },
        { name: "b", type: { kind: "bigint" } },
      ],
    );
    expect(d.add.map((c) => c.name)).toEqual(["b"]);
    expect(d.conflicts).toEqual([]);
    expect(schemaDrift([{ name: "a", type: "integer" }], [{ name: "a", type: { kind: "bigint" } }]).conflicts).toHaveLength(1);
  });
});
