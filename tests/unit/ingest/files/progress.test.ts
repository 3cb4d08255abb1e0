import { describe, expect, it } from "vitest";
import { combineFileProgress, fileKey, NOTHING, shouldLand } from "../../../../src/ingest/files/progress.js";
import { jsonlRecords } from "../../../../src/ingest/files/jsonl-records.js";
import type { PayloadColumn } from "../../../../src/ingest/avro/to-trino.js";
import { fromText, PLAIN } from "../../../../src/ingest/files/coerce.js";

describe("file landing progress", () => {
  const k = fileKey("s3://l/a.csv", "e1");

  it("covered comes from bronze and from dead letters that completed their batch; done only from complete batches", () => {
    const p = combineFileProgress(
      [["s3://l/a.csv", "e1", 120n, false]],
      [
        ["s3://l/a.csv", "e1", null, 130n, true], // the last batch's dead letters are in, its rows not: not done
        ["s3://l/b.csv", "e9", 0n, 0n, true], // an empty object, completed by its marker row
      ],
    );
    expect(p.get(k)).toEqual({ covered: 120, deadMax: 130, done: true });
    expect(p.get(fileKey("s3://l/b.csv", "e9"))).toEqual({ covered: 0, deadMax: 0, done: true });
  });

  it("a re-read record is landed only when it is past what the tables hold", () => {
    const p = { covered: 120, deadMax: 130, done: false };
    expect(shouldLand(p, 120, true)).toBe(false);
    expect(shouldLand(p, 125, true)).toBe(true); // the half-done batch's good rows land
    expect(shouldLand(p, 125, false)).toBe(false); // its bad ones are already dead letters
    expect(shouldLand(p, 131, false)).toBe(true);
    expect(shouldLand(NOTHING, 1, false)).toBe(true);
  });
});

describe("JSON lines", () => {
  const cols: PayloadColumn[] = [
    { name: "id", type: { kind: "bigint" }, path: ["id"], nullable: false },
    { name: "tags", type: { kind: "array", element: { kind: "varchar" } }, path: ["tags"], nullable: false },
  ];

  it("numbers lines from 1 across chunks, skips blank lines, applies defaults and dead-letters bad lines", async () => {
    const bytes = Buffer.from('{"id":1,"tags":["a"]}\n\n{"id":2}\r\n[1]\n{"id":\n{"id":"x"}');
    const chunks = [bytes.subarray(0, 5), bytes.subarray(5, 30), bytes.subarray(30)];
    const out = [];
    for await (const r of jsonlRecords(chunks, cols, [undefined, []])) out.push(r);
    expect(out).toEqual([
      { line: 1, values: [1, ["a"]] },
      { line: 3, values: [2, []] },
      { line: 4, error: "a line must hold one JSON object", raw: "[1]" },
      { line: 5, error: expect.stringContaining("invalid JSON"), raw: '{"id":' },
      { line: 6, error: expect.stringContaining("id: expected an integer"), raw: '{"id":"x"}' },
    ]);
  });
});

describe("CSV field values", () => {
  it("reads numbers, dates and timestamps the way files spell them, and refuses what does not fit", () => {
    const br = { decimal: "," as const, thousands: ".", dateFormat: "dd/MM/yyyy" as const };
    expect(fromText({ kind: "decimal", precision: 10, scale: 2 }, "1.234,5", br)).toBe("1234.50");
    expect(() => fromText({ kind: "decimal", precision: 10, scale: 2 }, "12.5", br)).toThrow(/threes/);
    expect(() => fromText({ kind: "decimal", precision: 4, scale: 2 }, "123,45", br)).toThrow(/DECIMAL\(4, 2\)/);
    expect(fromText({ kind: "date" }, "31/01/2024", br)).toBe("2024-01-31");
    expect(() => fromText({ kind: "date" }, "30/02/2024", br)).toThrow(/not a valid date/);
    expect(fromText({ kind: "integer" }, "-42", PLAIN)).toBe(-42);
    expect(() => fromText({ kind: "integer" }, "3000000000", PLAIN)).toThrow(/INTEGER/);
    expect(fromText({ kind: "bigint" }, "9007199254740993", PLAIN)).toBe(9007199254740993n);
    expect((fromText({ kind: "timestamptz" }, "2024-05-01T12:00:00.123456-03:00", PLAIN) as { toTrinoText(): string }).toTrinoText()).toBe("2024-05-01 15:00:00.123456");
    expect(fromText({ kind: "boolean" }, "Sim", PLAIN)).toBe(true);
  });

  it("spells decimals canonically, by the plain-digits fast path and by the general path alike", () => {
    const d = (precision: number, scale: number, text: string) => fromText({ kind: "decimal", precision, scale }, text, PLAIN);
    // fast path: digits, at most one ".", places up to the scale
    expect(d(12, 2, "12.34")).toBe("12.34");
    expect(d(12, 2, "12.3")).toBe("12.30");
    expect(d(12, 2, "12")).toBe("12.00");
    expect(d(12, 2, "-0.50")).toBe("-0.50");
    expect(d(12, 0, "12")).toBe("12");
    expect(d(12, 2, "0")).toBe("0.00");
    // general path: sign, leading zeros, a bare ".", trailing zeros past the scale, blanks
    expect(d(12, 2, "+1.5")).toBe("1.50");
    expect(d(12, 2, "007.5")).toBe("7.50");
    expect(d(12, 2, ".5")).toBe("0.50");
    expect(d(12, 2, "5.")).toBe("5.00");
    expect(d(12, 2, "1.500")).toBe("1.50");
    expect(d(12, 2, " 3.25 ")).toBe("3.25");
    expect(d(12, 2, "-0")).toBe("-0.00");
    expect(() => d(12, 2, "1.005")).toThrow(/more than 2 decimal places/);
    expect(() => d(4, 2, "123.4")).toThrow(/DECIMAL\(4, 2\)/);
    expect(() => d(12, 2, "1.2.3")).toThrow(/not a decimal/);
    expect(() => d(12, 2, "")).toThrow(/not a decimal/);
    expect(() => d(12, 2, ".")).toThrow(/not a decimal/);
    expect(() => d(12, 2, "-")).toThrow(/not a decimal/);
  });
});
