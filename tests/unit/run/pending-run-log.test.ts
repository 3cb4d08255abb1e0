import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { appendRejected, pendingRunLogFile, readPending, rewritePending } from "../../../src/run/pending-run-log.js";

// The file side of issue 17 item 6 (the Trino side is tests/integration/run/trino-lost.test.ts).
const dir = mkdtempSync(join(tmpdir(), "lakeform-pending-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = pendingRunLogFile(dir);
const a = { runId: "r1", table: "runs", sql: "INSERT INTO runs (run_id) VALUES ('r1')" };
const b = { runId: "r1", table: "action_runs", sql: "INSERT INTO action_runs (run_id, error) VALUES ('r1', 'line\nbreak')" };

describe("pending run log file", () => {
  it("keeps statements across processes, in order, and removes the file once nothing is left", () => {
    expect(readPending(file)).toEqual([]);
    rewritePending(file, [a, b]);
    expect(file).toBe(join(dir, ".lakeform", "pending-run-log.jsonl"));
    expect(readFileSync(file, "utf8").split("\n")).toHaveLength(3); // one statement a line, even with a line break in it
    expect(readPending(file)).toEqual([a, b]);
    rewritePending(file, [b]);
    expect(readPending(file)).toEqual([b]);
    rewritePending(file, []);
    expect(existsSync(file)).toBe(false);
  });

  it("skips a line cut by a crash and lines that are not statements", () => {
    writeFileSync(file, `${JSON.stringify(a)}\n{"runId":"r2","tab\n${JSON.stringify({ runId: "r3" })}\n\n${JSON.stringify(b)}\n`);
    expect(readPending(file)).toEqual([a, b]);
  });

  it("appends refused statements with Trino's error", () => {
    const rejected = join(dir, ".lakeform", "rejected.jsonl");
    appendRejected(rejected, [{ ...a, error: "TYPE_MISMATCH" }]);
    appendRejected(rejected, [{ ...b, error: "x" }]);
    expect(readFileSync(rejected, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { error: string }).error)).toEqual(["TYPE_MISMATCH", "x"]);
  });
});
