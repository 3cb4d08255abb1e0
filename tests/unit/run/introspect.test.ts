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

describe("readWarehouseState", () => {
  it("rejects with the first failure when the run is cancelled, leaving no rejection unhandled", async () => {
    const { readWarehouseState } = await import("../../../src/run/introspect.js");
    const dialect = { catalogKinds: () => "SELECT kinds FROM system.metadata.catalogs", existingSchemas: () => "SELECT schemas", relationsAndColumns: () => "SELECT columns" } as never;
    const graph = { settings: { defaultDatabase: "iceberg" }, actions: [{ kind: "table", target: { database: "iceberg", schema: "silver", name: "t" } }] } as never;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      // every query fails (as when SIGTERM aborts them), the catalog-kinds one a little later
      const failing = { query: (sql: string) => new Promise((_, reject) => setTimeout(() => reject(new Error(`aborted: ${sql.slice(0, 20)}`)), sql.includes("system.metadata.catalogs") ? 20 : 1)) };
      await expect(readWarehouseState(failing as never, dialect, graph)).rejects.toThrow("aborted");
      await new Promise((r) => setTimeout(r, 60));
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});
