/** Helpers for the `serve` integration tests: a throwaway copy of the example project, a TCP proxy, Prometheus. */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI, REPO_ROOT } from "../helpers.js";

/**
 * The example project (silver_nrt and gold_hourly included) with its own topic, consumer group
 * and bronze schema; silver/gold get `--schema-suffix <id>`. `extraWorkflows` are merged into
 * lakeform.workflows; `files` are written into the copy.
 */
export function exampleCopy(id: string, opts: { extraWorkflows?: Record<string, unknown>; files?: Record<string, string> } = {}): { dir: string; topic: string; bronze: string } {
  const dir = mkdtempSync(join(tmpdir(), "lakeform-it-serve-"));
  for (const p of ["dataform.json", "definitions", "includes", "sources", "streams", "seeds"]) cpSync(join(REPO_ROOT, p), join(dir, p), { recursive: true });
  const topic = `${id}_dados_produtores`;
  const bronze = `${id}_bronze`;
  const stream = join(dir, "streams", "dados_produtores.yaml");
  writeFileSync(
    stream,
    readFileSync(stream, "utf8")
      .replace(/^topic: .*$/m, `topic: ${topic}`)
      .replace(/^  schema: bronze$/m, `  schema: ${bronze}`)
      .replace(/^  group: .*$/m, `  group: ${id}-ingest`)
      .replace(/^  table: bronze\./m, `  table: ${bronze}.`)
      // small batches so SIGTERM finds a batch in flight
      .replace(/maxAgeMs: \d+/, "maxAgeMs: 500"),
  );
  const sources = join(dir, "sources", "bronze.yaml");
  writeFileSync(sources, readFileSync(sources, "utf8").replace(/^  - schema: bronze$/gm, `  - schema: ${bronze}`));
  for (const sub of ["definitions", "sources"]) {
    for (const f of readdirSync(join(dir, sub), { recursive: true, encoding: "utf8" }).filter((x) => x.endsWith(".sqlx"))) {
      const p = join(dir, sub, f);
      writeFileSync(p, readFileSync(p, "utf8").replaceAll('"bronze", "dados_produtores_agro', `"${bronze}", "dados_produtores_agro`));
    }
  }
  const settingsFile = join(dir, "dataform.json");
  const settings = JSON.parse(readFileSync(settingsFile, "utf8")) as { lakeform: { workflows: Record<string, unknown> } };
  Object.assign(settings.lakeform.workflows, opts.extraWorkflows ?? {});
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  for (const [path, text] of Object.entries(opts.files ?? {})) writeFileSync(join(dir, path), text);
  return { dir, topic, bronze };
}

export interface Serve {
  readonly child: ChildProcess;
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnServe(args: readonly string[], env: NodeJS.ProcessEnv = {}): Serve {
  const child = spawn(process.execPath, [CLI, "serve", ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.once("exit", (code, signal) => r({ code, signal })));
  return { child, output: () => out, exited };
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A TCP proxy in front of a service, so a test can make it unreachable without stopping it for everyone. */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async up(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => server.listen(this.port, "127.0.0.1", () => r()));
    this.server = server;
  }

  /** Refuses new connections and cuts the open ones: to its clients the service is down. */
  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}

export async function until<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 1000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await f();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Debian's prometheus, installed with apt-get when missing (the test machines are root). */
export function prometheusBinary(): string {
  try {
    return execFileSync("sh", ["-c", "command -v prometheus"], { encoding: "utf8" }).trim();
  } catch {
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    try {
      execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "prometheus"], { stdio: "inherit", env });
    } catch {
      // a new machine may have no package lists yet (as the stack's PostgreSQL install does)
      execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
      execFileSync("apt-get", ["install", "-y", "-q", "--no-install-recommends", "prometheus"], { stdio: "inherit", env });
    }
    return execFileSync("sh", ["-c", "command -v prometheus"], { encoding: "utf8" }).trim();
  }
}

/** A real Prometheus on a loopback port that scrapes `target` every second. */
export async function startPrometheus(target: string): Promise<{ url: string; stop: () => Promise<void>; output: () => string }> {
  const bin = prometheusBinary();
  const dir = mkdtempSync(join(tmpdir(), "lakeform-it-prom-"));
  writeFileSync(join(dir, "prometheus.yml"), ["global:", "  scrape_interval: 1s", "  scrape_timeout: 1s", "scrape_configs:", "  - job_name: lakeform", "    static_configs:", `      - targets: ["${target}"]`, ""].join("\n"));
  const port = await freePort();
  const child = spawn(bin, [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await until("prometheus to be ready", async () => (await fetch(`${url}/-/ready`)).ok, 60_000, 500);
  return {
    url,
    output: () => out,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

export interface PromSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export async function promQuery(url: string, query: string): Promise<PromSample[]> {
  const r = (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as { status: string; data: { result: PromSample[] } };
  if (r.status !== "success") throw new Error(`PromQL ${query}: ${JSON.stringify(r)}`);
  return r.data.result;
}
