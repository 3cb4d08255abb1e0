import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { IngestMetrics } from "../../../src/ingest/metrics.js";
import { startMetricsServer } from "../../../src/ingest/metrics-server.js";

describe("ingest metrics (prom-client)", () => {
  it("renders Prometheus text and serves it on loopback", async () => {
    const m = new IngestMetrics();
    m.rows.inc({ stream: "s" }, 5);
    m.rows.inc({ stream: "s" }, 2);
    m.lag.set({ stream: "s", partition: "0" }, 42);
    m.batchCommitSeconds.observe({ stream: "s" }, 0.7);
    m.utf8Replacements.inc({ stream: "s" }, 3);
    const text = await m.render();
    expect(text).toContain("# TYPE lakeform_ingest_rows_written_total counter");
    expect(text).toContain('lakeform_ingest_rows_written_total{stream="s"} 7');
    expect(text).toMatch(/lakeform_ingest_lag_messages\{stream="s",partition="0"\} 42/);
    expect(text).toContain("# TYPE lakeform_ingest_batch_commit_seconds histogram");
    expect(text).toContain('lakeform_ingest_batch_commit_seconds_bucket{le="1",stream="s"} 1');
    expect(text).toContain('lakeform_ingest_batch_commit_seconds_bucket{le="0.5",stream="s"} 0');
    expect(text).toContain('lakeform_ingest_utf8_replacements_total{stream="s"} 3');
    const server = await startMetricsServer(m.registry, 0);
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(res.headers.get("content-type")).toMatch(/text\/plain/);
      expect(await res.text()).toBe(text);
      expect((await fetch(`http://127.0.0.1:${server.port}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });

  it("registers on a caller's registry next to its metrics, and twice without clashing", async () => {
    const shared = new Registry();
    shared.registerMetric(new (await import("prom-client")).Counter({ name: "serve_ticks_total", help: "other", registers: [] }));
    const a = new IngestMetrics(shared);
    const b = new IngestMetrics(shared);
    a.rows.inc({ stream: "x" }, 1);
    b.rows.inc({ stream: "y" }, 2);
    const text = await shared.metrics();
    expect(text).toContain("serve_ticks_total");
    expect(text).toContain('lakeform_ingest_rows_written_total{stream="x"} 1');
    expect(text).toContain('lakeform_ingest_rows_written_total{stream="y"} 2');
  });
});
