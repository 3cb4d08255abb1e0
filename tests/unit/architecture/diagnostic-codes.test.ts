import { describe, expect, it } from "vitest";
import { DIAGNOSTIC_CODES } from "../../../src/common/diagnostic-codes.js";

// The type `DiagnosticCode` makes the compiler reject any other code; this pins the spelling.
describe("diagnostic codes", () => {
  it("are kebab-case and unique", () => {
    expect(DIAGNOSTIC_CODES.filter((c) => !/^[a-z]+(-[a-z]+)*$/.test(c))).toEqual([]);
    expect(new Set(DIAGNOSTIC_CODES).size).toBe(DIAGNOSTIC_CODES.length);
  });
});
