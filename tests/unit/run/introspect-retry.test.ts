import { describe, expect, it } from "vitest";
import { queryIntrospection } from "../../../src/run/introspect.js";

const ok = { columns: [], rows: [["bronze"]] } as never;
const raced = new Error("Error listing table columns for catalog iceberg: Cannot invoke \"org.apache.iceberg.view.ViewVersion.summary()\" because the return value of \"org.apache.iceberg.view.ViewMetadata.currentVersion()\" is null (query 1, GENERIC_INTERNAL_ERROR)");

function client(failures: Error[]) {
  const calls: string[] = [];
  return {
    calls,
    query: async (sql: string) => {
      calls.push(sql);
      const e = failures.shift();
      if (e) throw e;
      return ok;
    },
  };
}

describe("queryIntrospection", () => {
  it("asks again when a relation was dropped while Trino listed the columns", async () => {
    const c = client([raced]);
    expect(await queryIntrospection(c, "SELECT 1", undefined, 1)).toBe(ok);
    expect(c.calls).toEqual(["SELECT 1", "SELECT 1"]);
  });

  it("gives up after three attempts, with Trino's error", async () => {
    const c = client([raced, raced, raced]);
    await expect(queryIntrospection(c, "SELECT 1", undefined, 1)).rejects.toThrow("Error listing table columns");
    expect(c.calls.length).toBe(3);
  });

  it("does not repeat any other error", async () => {
    const c = client([new Error("line 1:8: Schema 'x' does not exist (query 2, SCHEMA_NOT_FOUND)")]);
    await expect(queryIntrospection(c, "SELECT 1", undefined, 1)).rejects.toThrow("SCHEMA_NOT_FOUND");
    expect(c.calls.length).toBe(1);
  });
});
