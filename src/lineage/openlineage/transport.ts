/**
 * Where OpenLineage events go: a file (one JSON event per line, appended — OpenLineage's file
 * transport format) or an HTTP endpoint (Marquez: POST <url>/api/v1/lineage).
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";

export interface OpenLineageTransport {
  readonly description: string;
  send(event: unknown): Promise<void>;
}

export class FileTransport implements OpenLineageTransport {
  readonly description: string;
  private readonly path: string;
  constructor(path: string) {
    this.path = resolve(path);
    this.description = `file ${this.path}`;
    mkdirSync(dirname(this.path), { recursive: true });
  }
  async send(event: unknown): Promise<void> {
    appendFileSync(this.path, `${JSON.stringify(event)}\n`);
  }
}

/** `http://host:5000` → `http://host:5000/api/v1/lineage`; a URL with a path is used as is. */
export function lineageEndpoint(url: string): string {
  const u = new URL(url);
  if (u.pathname === "/" || u.pathname === "") u.pathname = "/api/v1/lineage";
  return u.toString();
}

export class HttpTransport implements OpenLineageTransport {
  readonly description: string;
  private readonly endpoint: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  constructor(url: string, opts: { apiKey?: string | undefined; timeoutMs?: number } = {}) {
    this.endpoint = lineageEndpoint(url);
    this.description = `http ${this.endpoint}`;
    this.headers = { "content-type": "application/json", ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) };
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }
  async send(event: unknown): Promise<void> {
    const res = await fetch(this.endpoint, { method: "POST", headers: this.headers, body: JSON.stringify(event), signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`${this.endpoint} answered ${res.status} ${res.statusText}`);
  }
}

/** `http(s)://…` → HTTP, anything else is a file path. */
export function transportFor(target: string, env: NodeJS.ProcessEnv = process.env): OpenLineageTransport {
  return /^https?:\/\//i.test(target) ? new HttpTransport(target, { apiKey: env.OPENLINEAGE_API_KEY }) : new FileTransport(target);
}
