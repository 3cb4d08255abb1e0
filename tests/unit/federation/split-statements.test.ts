import { describe, expect, it } from "vitest";
import { splitStatements } from "../../../src/adapters/trino/split-statements.js";

describe("splitStatements (lakeform sql --file)", () => {
  it("splits at ; outside quotes and comments, dropping comment-only pieces", () => {
    const script = [
      "-- a comment; not a statement end",
      "CREATE SCHEMA IF NOT EXISTS x;",
      "/* block; comment */ INSERT INTO x.t VALUES ('a;b', 'it''s; fine');",
      'SELECT "odd;name" FROM x.t',
      ";",
      "-- trailing comment only",
    ].join("\n");
    expect(splitStatements(script)).toEqual([
      "-- a comment; not a statement end\nCREATE SCHEMA IF NOT EXISTS x",
      "/* block; comment */ INSERT INTO x.t VALUES ('a;b', 'it''s; fine')",
      'SELECT "odd;name" FROM x.t',
    ]);
  });

  it("keeps a single statement without a semicolon as it is", () => {
    expect(splitStatements("SELECT 1")).toEqual(["SELECT 1"]);
    expect(splitStatements("-- nothing\n")).toEqual([]);
  });
});
