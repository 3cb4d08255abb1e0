import { describe, expect, it } from "vitest";
import { M, MetricsRegistry } from "../../../src/ingest/metrics.js";
import { startMetricsServer } from "../../../src/ingest/metrics-server.js";

describe("metrics", () => {
  it("renders Prometheus text and serves it on loopback", async () => {
    const reg = new MetricsRegistry();
    reg.inc(M.rows[0], M.rows[1], { stream: "s" }, 5);
    reg.inc(M.rows[0], M.rows[1], { stream: "s" }, 2);
    reg.set(M.lag[0], M.lag[1], { stream: "s", partition: "0" }, 42);
    const text = reg.render();
    expect(text).toContain("# TYPE lakeform_ingest_rows_written_total counter");
    expect(text).toContain('lakeform_ingest_rows_written_total{stream="s"} 7');
    expect(text).toContain('lakeform_ingest_lag_messages{partition="0",stream="s"} 42');
    const server = await startMetricsServer(reg, 0);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.headers.get("content-type")).toMatch(/text\/plain/);
      expect(await res.text()).toBe(text);
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
