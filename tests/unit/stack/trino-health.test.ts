import { describe, expect, it } from "vitest";
import { TrinoQueryError, type TrinoClient } from "../../../src/adapters/trino/client.js";
import { queryProblem } from "../../../src/stack/services/trino.js";

// `stack up` must not call Trino healthy before it can run a query: right after start-up
// /v1/info says starting=false and metadata queries pass while the coordinator has not yet
// registered itself as a worker, and every query that needs a node fails NO_NODES_AVAILABLE.
function coordinatorWithoutWorkers(): { client: TrinoClient; asked: string[] } {
  const asked: string[] = [];
  const client = {
    query: async (sql: string) => {
      asked.push(sql);
      if (/^SHOW SCHEMAS/i.test(sql)) return { rows: [["information_schema"]], columns: [] };
      throw new TrinoQueryError({ queryId: "q1", message: "No nodes available to run query", errorName: "NO_NODES_AVAILABLE", errorType: "INSUFFICIENT_RESOURCES", errorCode: 65_536, sql });
    },
  } as unknown as TrinoClient;
  return { client, asked };
}

describe("Trino health in `stack up`", () => {
  it("is not healthy while queries that need a node fail, even though metadata queries pass", async () => {
    const { client, asked } = coordinatorWithoutWorkers();
    expect(await queryProblem(client, 1000)).toMatch(/No nodes available to run query/);
    expect(asked[0]).toMatch(/FROM tpch\.tiny\./);
  });

  it("is healthy once both a scan on a node and the iceberg catalog answer", async () => {
    const asked: string[] = [];
    const client = { query: async (sql: string) => (asked.push(sql), { rows: [[1]], columns: [] }) } as unknown as TrinoClient;
    expect(await queryProblem(client, 1000)).toBeUndefined();
    expect(asked).toEqual(["SELECT count(*) FROM tpch.tiny.region", "SHOW SCHEMAS FROM iceberg"]);
  });
});
