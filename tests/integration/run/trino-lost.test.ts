/**
 * Issue 17 item 6: Trino dies mid-statement. `lakeform run` talks to the real Trino through a
 * small HTTP proxy in this test that forwards everything until Trino has accepted the marked
 * statement, then drops every connection and refuses new ones — Trino itself (shared with
 * others) keeps running; for the runner it is gone. The run must print the query id it already
 * had, keep its run log in `.lakeform/pending-run-log.jsonl`, and the next run (Trino back)
 * must write that log.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, connections, trino, uniqueName } from "../helpers.js";

const MARKER = "harden_lost_marker";
const schema = uniqueName("harden_lost");
const dir = mkdtempSync(join(tmpdir(), "lakeform-lost-"));
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);

interface Proxy {
  readonly url: string;
  /** The id Trino gave the marked statement, as the proxy saw it in Trino's answer. */
  readonly lost: Promise<{ id: string; nextUri: string }>;
  close(): void;
}

/** Forwards to Trino until the marked statement is accepted, then plays dead. */
async function faultyProxy(target: URL): Promise<Proxy> {
  const sockets = new Set<Socket>();
  let dead = false;
  let onLost: (v: { id: string; nextUri: string }) => void = () => {};
  let onFailed: (e: unknown) => void = () => {};
  const lost = new Promise<{ id: string; nextUri: string }>((resolve, reject) => {
    onLost = resolve;
    onFailed = reject;
  });
  const server: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on("data", (c: Buffer) => body.push(c));
    req.on("end", () => {
      if (dead) return req.socket.destroy();
      const text = Buffer.concat(body);
      // Plain bodies, so the proxy can read the query id in Trino's answer.
      const { "accept-encoding": _encoding, ...headers } = req.headers;
      const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (upRes) => {
        const chunks: Buffer[] = [];
        upRes.on("data", (c: Buffer) => chunks.push(c));
        upRes.on("end", () => {
          const answer = Buffer.concat(chunks);
          res.writeHead(upRes.statusCode ?? 502, upRes.headers);
          const marked = req.method === "POST" && req.url === "/v1/statement" && text.toString("utf8").includes(MARKER);
          if (marked) dead = true; // from now on, every request is dropped
          res.end(answer, () => {
            if (!marked) return;
            server.close();
            for (const s of sockets) s.destroy();
            try {
              onLost(JSON.parse(answer.toString("utf8")) as { id: string; nextUri: string });
            } catch (e) {
              onFailed(e);
            }
          });
        });
      });
      up.on("error", () => req.socket.destroy());
      up.end(text);
    });
  });
  server.on("connection", (s: Socket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    lost,
    close: () => {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

/** The CLI as a subprocess, without blocking this process (the proxy lives here). */
function runCliAsync(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    // A hang must fail the test, not time it out silently.
    const timer = setTimeout(() => child.kill(), 200_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, out });
    });
  });
}

const pendingFile = join(dir, ".lakeform", "pending-run-log.jsonl");
const runsOf = async (runId: string) => Number((await q(`SELECT count(*) FROM iceberg.lakeform.runs WHERE run_id = '${runId}'`).catch(() => [[0]]))[0]?.[0]);

beforeAll(() => {
  mkdirSync(join(dir, "definitions"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ warehouse: "trino", defaultDatabase: "iceberg", defaultSchema: schema }));
  writeFileSync(join(dir, "definitions", "first.sqlx"), 'config { type: "table" }\nSELECT 1 AS x\n');
  writeFileSync(join(dir, "definitions", "lost.sqlx"), `config { type: "table" }\nSELECT '${MARKER}' AS marker, count(*) AS n FROM \${ref("first")}\n`);
});

afterAll(async () => {
  for (const t of ["first", "lost"]) await client.query(`DROP TABLE IF EXISTS iceberg."${schema}"."${t}"`).catch(() => {});
  await client.query(`DROP SCHEMA IF EXISTS iceberg."${schema}"`).catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

describe("Trino gone mid-statement (issue 17 item 6)", () => {
  it("prints the query id it had, keeps the run log pending, and the next run writes it", async () => {
    const proxy = await faultyProxy(new URL(connections().trino.url));
    let first: { status: number | null; out: string };
    try {
      first = await runCliAsync(["run", dir], { LAKEFORM_TRINO_URL: proxy.url });
    } finally {
      proxy.close();
    }
    const lost = await proxy.lost;
    // Trino built its nextUri from the proxy's address: the client really lost Trino, not a shortcut.
    expect(lost.nextUri.startsWith(proxy.url)).toBe(true);
    expect(first.status, first.out).toBe(1);
    expect(first.out).toContain(`lost Trino at ${proxy.url} during query ${lost.id}`);
    expect(first.out).toContain("pending-run-log.jsonl");

    // The outcome waits on disk: this run's rows for lakeform.runs, lakeform.action_runs and the
    // manifest of what it built (lakeform.manifests: `first` succeeded).
    expect(existsSync(pendingFile)).toBe(true);
    const pending = readFileSync(pendingFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { runId: string; table: string; sql: string; parameters?: string[] });
    expect(pending.map((p) => p.table)).toEqual(["runs", "action_runs", "manifests"]);
    const runId = pending[0]?.runId ?? "";
    expect(pending.every((p) => p.runId === runId)).toBe(true);
    // the plan's INSERT, with the action rows (and the lost query's id) bound as its JSON parameter
    expect(pending[1]?.sql).toContain("INSERT INTO");
    expect(pending[1]?.parameters?.[0]).toContain(lost.id);
    expect(await runsOf(runId)).toBe(0);

    // Trino back (the direct address): the run succeeds and writes the earlier run's log first.
    const second = await runCliAsync(["run", dir]);
    expect(second.status, second.out).toBe(0);
    expect(existsSync(pendingFile)).toBe(false);
    expect(await runsOf(runId)).toBe(1);
    const rows = await client.queryObjects<{ action_key: string; status: string; query_ids: string[]; error: string | null }>(
      `SELECT action_key, status, query_ids, error FROM iceberg.lakeform.action_runs WHERE run_id = '${runId}' ORDER BY action_key`,
    );
    expect(rows.map((r) => [r.action_key, r.status])).toEqual([
      [`iceberg.${schema}.first`, "success"],
      [`iceberg.${schema}.lost`, "failed"],
    ]);
    expect(rows[1]?.query_ids).toContain(lost.id);
    expect(rows[1]?.error).toContain(lost.id);

    // A third run writes only its own log: nothing was left over, nothing is written twice.
    const third = await runCliAsync(["run", dir]);
    expect(third.status, third.out).toBe(0);
    expect(await runsOf(runId)).toBe(1);
  });
});
