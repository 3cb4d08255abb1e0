import { describe, expect, it } from "vitest";
import type { PartitionReader } from "../../../src/adapters/kafka/types.js";
import { orphans, parseTag, writeTag } from "../../../src/ingest/ownership/orphan-fence.js";
import { describeConflict, encodeOwner, findConflicts, type Owner } from "../../../src/ingest/ownership/partition-claim.js";
import { formatPartitions, parsePartitions } from "../../../src/ingest/ownership/partition-set.js";

describe("--partitions", () => {
  it("parses lists and ranges, sorted and deduplicated", () => {
    expect(parsePartitions("0-5")).toEqual([0, 1, 2, 3, 4, 5]);
    expect(parsePartitions("4-6, 0,2,5")).toEqual([0, 2, 4, 5, 6]);
    expect(formatPartitions([5, 0, 1, 2, 3, 7])).toBe("0-3,5,7");
  });
  it("refuses what is not a partition list, as a usage error", () => {
    for (const bad of ["", "a", "3-1", "1,,2", "-1", "1-"]) expect(() => parsePartitions(bad), bad).toThrow(/--partitions/);
  });
});

describe("partition claims", () => {
  const me: Owner = { host: "h1", pid: 100, startedAtMs: 2_000, instance: "me" };
  const reader = (owner: Owner | string, partitions: number[], groupId = `g.direct.${typeof owner === "string" ? "x" : owner.instance}`): PartitionReader => ({
    groupId,
    clientHost: "/127.0.0.1",
    owner: typeof owner === "string" ? owner : encodeOwner(owner),
    partitions,
  });
  const alive = (pids: number[]) => (pid: number) => pids.includes(pid);

  it("another live process reading one of my partitions is a conflict, named in the error", () => {
    const other: Owner = { host: "h2", pid: 7, startedAtMs: 1_000, instance: "other" };
    const c = findConflicts(me, "g.direct.me", [0, 1, 2], [reader(other, [2, 3])], alive([]));
    expect(c.map((x) => x.partitions)).toEqual([[2]]);
    expect(describeConflict("t", c[0]!)).toBe("partition 2 of topic t already ingested by h2 pid 7 (started 1970-01-01T00:00:01.000Z), consumer group g.direct.other");
  });

  it("disjoint partitions and my own group are no conflict", () => {
    const other: Owner = { host: "h1", pid: 7, startedAtMs: 1_000, instance: "other" };
    expect(findConflicts(me, "g.direct.me", [0, 1, 2], [reader(other, [3, 4, 5]), reader(me, [0, 1, 2])], alive([7]))).toEqual([]);
  });

  it("my crashed predecessor on this host (same pid, or a pid that is gone) does not block a restart", () => {
    const samePid: Owner = { host: "h1", pid: 100, startedAtMs: 1_000, instance: "old1" };
    const deadPid: Owner = { host: "h1", pid: 55, startedAtMs: 1_000, instance: "old2" };
    const livePid: Owner = { host: "h1", pid: 56, startedAtMs: 1_000, instance: "old3" };
    const c = findConflicts(me, "g.direct.me", [0, 1], [reader(samePid, [0]), reader(deadPid, [1]), reader(livePid, [1])], alive([56, 100]));
    expect(c.map((x) => x.owner?.instance)).toEqual(["old3"]);
  });

  it("a consumer that is not a Lakeform ingester still conflicts", () => {
    const c = findConflicts(me, "g.direct.me", [0], [reader("", [0], "g.direct.someone")], alive([]));
    expect(describeConflict("t", c[0]!)).toMatch(/a consumer on \/127\.0\.0\.1 that is not a Lakeform ingester/);
  });
});

describe("orphan fence", () => {
  it("tags writes so a restart finds the other incarnations' running writes of its partitions", async () => {
    const tag = writeTag('iceberg.s.t', 3, "abc");
    expect(parseTag("q1", `${tag}INSERT INTO x VALUES 1`)).toEqual({ queryId: "q1", table: "iceberg.s.t", partition: 3, instance: "abc" });
    expect(parseTag("q2", "SELECT 1")).toBeUndefined();
    const rows = [
      ["q_mine", `${writeTag("iceberg.s.t", 3, "me")}INSERT`],
      ["q_orphan", `${writeTag("iceberg.s.t", 3, "dead")}INSERT`],
      ["q_other_partition", `${writeTag("iceberg.s.t", 4, "dead")}INSERT`],
      ["q_other_table", `${writeTag("iceberg.s.u", 3, "dead")}INSERT`],
      ["q_untagged", "INSERT INTO iceberg.s.t VALUES 1"],
    ];
    let sql = "";
    const trino = { query: async (s: string) => ((sql = s), { rows }) };
    expect((await orphans(trino, "iceberg.s.t", [1, 2, 3], "me")).map((q) => q.queryId)).toEqual(["q_orphan"]);
    // the lookup's own text must not match its pattern
    expect(sql.includes("/* lakeform-ingest")).toBe(false);
  });
});
