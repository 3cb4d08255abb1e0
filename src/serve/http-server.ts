/**
 * The one HTTP port of `serve`: `/healthz` (the process answers), `/readyz` (200 or 503 with
 * the checks as JSON), `/metrics` (Prometheus text from the prom-client registry).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";
import type { Readiness } from "./readiness.js";

/** `--listen` default: loopback only; containers pass 0.0.0.0:9464. */
export const DEFAULT_LISTEN = "127.0.0.1:9464";

/** The paths the deployment manifests probe and scrape. */
export const ENDPOINTS = { health: "/healthz", ready: "/readyz", metrics: "/metrics" } as const;

export interface HttpEndpoints {
  readonly registry: Registry;
  readiness(): Promise<Readiness>;
}

export interface RunningServer {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpServer(e: HttpEndpoints, host: string, port: number): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const reply = (status: number, type: string, body: string) => {
      res.statusCode = status;
      res.setHeader("content-type", type);
      res.end(body);
    };
    if (req.method !== "GET") return reply(405, "text/plain", "method not allowed\n");
    if (path === ENDPOINTS.health) return reply(200, "text/plain", "ok\n");
    if (path === ENDPOINTS.ready) {
      e.readiness().then(
        (r) => reply(r.ready ? 200 : 503, "application/json", `${JSON.stringify(r, null, 2)}\n`),
        (err: unknown) => reply(503, "application/json", `${JSON.stringify({ ready: false, error: String(err) })}\n`),
      );
      return;
    }
    if (path === ENDPOINTS.metrics) {
      e.registry.metrics().then(
        (text) => reply(200, e.registry.contentType, text),
        (err: unknown) => reply(500, "text/plain", `${String(err)}\n`),
      );
      return;
    }
    reply(404, "text/plain", "not found: try /healthz, /readyz or /metrics\n");
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    host: addr.address,
    port: addr.port,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

/** `--listen`: `host:port`, `:port` or `port` (host 127.0.0.1). */
export function parseListen(text: string): { host: string; port: number } {
  const m = /^(?:(\[[^\]]+\]|[^:]*):)?(\d+)$/.exec(text.trim());
  const port = m ? Number(m[2]) : NaN;
  if (!m || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--listen expects host:port, :port or port, got "${text}"`);
  const host = m[1] ? m[1].replace(/^\[|\]$/g, "") : "127.0.0.1";
  return { host, port };
}
