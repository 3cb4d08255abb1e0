/**
 * Issue 17 item 5: a MinIO outage blocked batches ~30 s with no line at all. Every external call
 * of the ingester is now bounded and logged while it waits. Fake endpoints that hang stand in
 * for a stalled object store and for a Trino whose statement never finishes (the real-stack
 * check is described in the issue note: it needs MinIO stopped, which other suites share).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { S3ObjectStore } from "../../../src/adapters/s3/object-store.js";
import { TrinoClient } from "../../../src/adapters/trino/client.js";
import { describeSql, guardTrino, StatementTimeoutError } from "../../../src/ingest/guard/guarded-trino.js";
import { slowCall } from "../../../src/ingest/guard/slow-call.js";
import { writeTag } from "../../../src/ingest/ownership/orphan-fence.js";
import { isRetryable } from "../../../src/ingest/retry.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(() => r(undefined)));
  }
});

async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<string> {
  const s = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => handler(req, res, body));
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe("blocked external calls are bounded and logged", () => {
  it("an S3 PUT to a store that never answers times out as a retryable error naming the object", async () => {
    const url = await serve(() => {}); // accepts the request, never responds
    const store = new S3ObjectStore({ endpoint: url, bucket: "warehouse", accessKey: "a", secretKey: "b" });
    const err = await store.put("_lakeform/x/part-0.parquet", new Uint8Array([1, 2, 3]), undefined, 300).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/S3 PUT s3:\/\/warehouse\/_lakeform\/x\/part-0\.parquet at http:\/\/127\.0\.0\.1:\d+ timed out after 300 ms/);
    expect(isRetryable(err)).toBe(true);
  });

  it("a caller's abort still wins over the timeout and is not retried", async () => {
    const url = await serve(() => {});
    const store = new S3ObjectStore({ endpoint: url, bucket: "w", accessKey: "a", secretKey: "b" });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(new Error("SIGTERM twice")), 50);
    const err = await store.put("k", new Uint8Array(1), ctrl.signal, 60_000).catch((e: unknown) => e);
    expect(isRetryable(err)).toBe(false);
  });

  it("slowCall logs every interval until the call settles", async () => {
    const waited: number[] = [];
    const v = await slowCall(40, (ms) => waited.push(ms), () => new Promise((r) => setTimeout(() => r("done"), 150)));
    expect(v).toBe("done");
    expect(waited.length).toBeGreaterThanOrEqual(2);
    const after = waited.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(waited.length).toBe(after); // stopped
  });

  it("a Trino statement that never finishes is logged while it runs, cancelled at the timeout, waited out, and retried", async () => {
    const tagged = `${writeTag("iceberg.s.t", 3, "inst1")}INSERT INTO iceberg.s.t (a) VALUES (1)`;
    let cancelled = false;
    let fenceLookups = 0;
    const url = await serve((req, res, body) => {
      const json = (v: unknown) => res.setHeader("content-type", "application/json").end(JSON.stringify(v));
      const base = `http://${req.headers.host}`;
      if (req.method === "DELETE") {
        cancelled = true;
        return res.end();
      }
      if (req.method === "POST" && body.startsWith("SELECT query_id")) {
        fenceLookups++;
        // still listed as running until the cancel arrived (and one lookup after)
        const rows = cancelled && fenceLookups > 1 ? [] : [["q1", tagged]];
        return json({ id: `f${fenceLookups}`, columns: [{ name: "query_id", type: "varchar" }, { name: "query", type: "varchar" }], data: rows, stats: { state: "FINISHED" } });
      }
      if (req.method === "POST") return json({ id: "q1", nextUri: `${base}/v1/statement/executing/q1/1`, stats: { state: "RUNNING" } });
      setTimeout(() => json({ id: "q1", nextUri: `${base}/v1/statement/executing/q1/2`, stats: { state: "RUNNING" } }), 30);
    });
    const lines: string[] = [];
    const trino = guardTrino(new TrinoClient({ url, user: "t" }), {
      limits: { statementTimeoutMs: 500, s3TimeoutMs: 500, slowWarnMs: 150 },
      log: (level, m) => lines.push(`${level} ${m}`),
      label: "s",
    });
    const err = await trino.query(tagged).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatementTimeoutError);
    expect((err as Error).message).toBe("Trino statement timed out after 500 ms and was cancelled (query q1): INSERT INTO iceberg.s.t (partition 3)");
    expect(isRetryable(err)).toBe(true);
    expect(cancelled).toBe(true);
    expect(fenceLookups).toBeGreaterThanOrEqual(2); // it waited until the cancelled write was gone
    expect(lines.some((l) => /^warn \[s\] still waiting for Trino after \d+ ms: INSERT INTO iceberg\.s\.t \(partition 3\) \(query q1, RUNNING\); cancelled and retried at 500 ms$/.test(l)), lines.join("\n")).toBe(true);
  });

  it("describes statements by their first clause", () => {
    expect(describeSql('SELECT _partition, max(x) FROM "iceberg"."b"."t" GROUP BY 1')).toBe('SELECT _partition, max(x) FROM "iceberg"."b"."t"');
    expect(describeSql("CALL system.runtime.kill_query(query_id => 'x')")).toBe("CALL system.runtime.kill_query");
  });
});
