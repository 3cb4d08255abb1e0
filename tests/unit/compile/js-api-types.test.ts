import ts from "typescript";
import { describe, expect, it } from "vitest";

// Type-checks JS definitions against the shipped types/lakeform.d.ts, as a user's // @ts-check would.
function check(file: string): string[] {
  const program = ts.createProgram([file, "types/lakeform.d.ts"], { allowJs: true, checkJs: true, noEmit: true, strict: true, types: [], lib: ["lib.es2023.d.ts"] });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("types/lakeform.d.ts", () => {
  it("accepts a correct JS definitions file", () => {
    expect(check("tests/fixtures/ts-check/definitions/models.js")).toEqual([]);
  });
  it("rejects a wrong action type and a non-string query", () => {
    const errors = check("tests/fixtures/ts-check/broken/definitions.js");
    expect(errors.some((e) => e.includes('"tabel"'))).toBe(true);
  });
}, 30_000);
