import { describe, expect, it } from "vitest";
import { parseJsonPreservingBigInts, toBigIntColumns } from "../../../src/adapters/trino/json-bigint.js";

describe("BIGINT-safe JSON", () => {
  it("keeps integers beyond 2^53 exact, leaves others alone", () => {
    const v = parseJsonPreservingBigInts('{"a": 9007199254740993, "b": 42, "c": 1.5, "d": [-9223372036854775808]}') as Record<string, unknown>;
    expect(v.a).toBe(9007199254740993n);
    expect(v.b).toBe(42);
    expect(v.c).toBe(1.5);
    expect(v.d).toEqual([-9223372036854775808n]);
  });

  it("turns every top-level BIGINT column into bigint", () => {
    const rows = toBigIntColumns([{ type: "bigint" }, { type: "integer" }], [[1, 2], [null, 3]]);
    expect(rows).toEqual([[1n, 2], [null, 3]]);
  });
});
