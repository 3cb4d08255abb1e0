/** Serves `GET /metrics` (Prometheus text) on a loopback port; anything else is 404. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { MetricsRegistry } from "./metrics.js";

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(registry: MetricsRegistry, port: number, host = "127.0.0.1"): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && (req.url === "/metrics" || req.url === "/")) {
      res.setHeader("content-type", "text/plain; version=0.0.4; charset=utf-8");
      res.end(registry.render());
    } else {
      res.statusCode = 404;
      res.end("not found\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
