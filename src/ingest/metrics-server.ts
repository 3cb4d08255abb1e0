/** Serves `GET /metrics` (Prometheus text, from a prom-client registry) on a loopback port; anything else is 404. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(registry: Registry, port: number, host = "127.0.0.1"): Promise<MetricsServer> {
  const server: Server = createServer((req, res) => {
    if (req.method === "GET" && (req.url === "/metrics" || req.url === "/")) {
      registry.metrics().then(
        (text) => {
          res.setHeader("content-type", registry.contentType);
          res.end(text);
        },
        (e: unknown) => {
          res.statusCode = 500;
          res.end(`${e instanceof Error ? e.message : String(e)}\n`);
        },
      );
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
