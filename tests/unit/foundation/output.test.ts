import { describe, expect, it } from "vitest";
import { formatTable, toJson } from "../../../src/cli/output.js";

describe("CLI output", () => {
  it("formats a table with NULLs and bigints", () => {
    expect(formatTable(["id", "name"], [[1n, null], [22n, "bia"]])).toBe(
      [" id | name", "----+------", " 1  | NULL", " 22 | bia", "(2 rows)"].join("\n"),
    );
  });
  it("writes bigints to JSON losslessly", () => {
    expect(toJson({ a: 5n, b: 9007199254740993n })).toBe('{\n  "a": 5,\n  "b": "9007199254740993"\n}');
  });
});
