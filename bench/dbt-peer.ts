/**
 * What the benchmarks against dbt-trino share: provisioning dbt-trino (pinned, from PyPI, into a
 * venv), running a process, and reading the stats of the Trino queries a tool sent (matched by a
 * per-tool Trino user, from `GET /v1/query/{id}`). Loaded by the bench scripts with
 * `import(new URL("./dbt-peer.ts", import.meta.url))` (Node strips the types).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

// dbt-core 1.12 depends on dbt-core-experimental-parser, whose sdist downloads its wheel from
// GitHub at install time — unreachable here — so dbt-core is pinned to the newest 1.11 that
// dbt-trino 1.11.0 accepts (the same pins as bench/incremental-vs-dbt.ts).
export const DBT_PINS = ["dbt-trino==1.11.0", "dbt-core==1.11.16"];
export const DBT_VENV = process.env.DBT_VENV ?? join(homedir(), ".cache/lakeform/peers/dbt-venv");

export const log = (s: string): void => void process.stderr.write(`${s}\n`);

export function sh(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { code: number; out: string; err: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8", env, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, out: r.stdout, err: r.stderr };
}

export function dbtEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: "false", DO_NOT_TRACK: "1", DBT_VERSION_CHECK: "false" };
}

/** Installs the pinned dbt-trino into DBT_VENV when missing; returns the versions dbt reports. */
export function provisionDbt(): string {
  const py = join(DBT_VENV, "bin/python");
  const installed = existsSync(py) ? sh(py, ["-m", "pip", "freeze"]).out : "";
  if (!DBT_PINS.every((p) => installed.toLowerCase().includes(p.toLowerCase()))) {
    log(`provisioning ${DBT_PINS.join(" ")} into ${DBT_VENV} …`);
    if (!existsSync(py)) {
      const v = sh("python3", ["-m", "venv", DBT_VENV]);
      if (v.code !== 0) throw new Error(`python3 -m venv failed: ${v.err}`);
    }
    const i = sh(py, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", ...DBT_PINS]);
    if (i.code !== 0) throw new Error(`pip install ${DBT_PINS.join(" ")} failed:\n${i.out}\n${i.err}`);
  }
  const v = sh(join(DBT_VENV, "bin/dbt"), ["--version"], dbtEnv());
  const core = /installed:\s*(\S+)/.exec(v.out)?.[1] ?? "?";
  const adapter = /trino:\s*(\S+)/.exec(v.out)?.[1] ?? "?";
  return `dbt-core ${core}, dbt-trino ${adapter}`;
}

export interface QueryFigures {
  readonly id: string;
  readonly kind: string;
  readonly elapsedMs: number;
  readonly cpuMs: number;
  readonly inputBytes: number;
  readonly inputRows: number;
  readonly writtenRows: number;
  /** rows into TableWriter/MergeWriter operators: Trino's writtenPositions stays 0 for MERGE. */
  readonly writerRows: number;
  readonly writtenBytes: number;
}

const UNITS: Record<string, number> = { B: 1, kB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40, PB: 2 ** 50 };
export function bytes(v: unknown): number {
  const m = /^([\d.]+)\s*([kMGTP]?B)$/.exec(String(v));
  return m?.[1] && m[2] ? Number(m[1]) * (UNITS[m[2]] ?? NaN) : NaN;
}
const DURATIONS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
export function millis(v: unknown): number {
  const m = /^([\d.]+)\s*(ns|us|ms|s|m|h|d)$/.exec(String(v));
  return m?.[1] && m[2] ? Number(m[1]) * (DURATIONS[m[2]] ?? NaN) : NaN;
}

export function kindOf(sql: string, state: string): string {
  const flat = sql.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/--.*$/gm, " ").replace(/\s+/g, " ").trim();
  const m = /^(create or replace table|create table|create schema|create or replace view|create view|merge into|insert into|update|delete from|drop table|drop view|alter table|show \w+|describe|select|with)/i.exec(flat);
  const k = (m?.[1] ?? flat.slice(0, 20)).toUpperCase();
  return state === "FINISHED" ? k : `${k} (${state})`;
}

interface BasicQuery {
  queryId: string;
  session: { user: string };
  queryStats: { createTime: string };
}

/** Every query `user` started at or after `since`, oldest first, with its final stats. */
export async function queriesOf(trinoUrl: string, asUser: string, user: string, since: Date): Promise<QueryFigures[]> {
  const rest = async (path: string): Promise<unknown> => {
    const r = await fetch(new URL(path, trinoUrl), { headers: { "X-Trino-User": asUser } });
    if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
    return r.json();
  };
  const list = (await rest("/v1/query")) as BasicQuery[];
  const mine = list.filter((x) => x.session.user === user && new Date(x.queryStats.createTime) >= since).sort((a, b) => a.queryStats.createTime.localeCompare(b.queryStats.createTime));
  const out: QueryFigures[] = [];
  for (const b of mine) {
    const d = (await rest(`/v1/query/${b.queryId}`)) as { query: string; state: string; queryStats: Record<string, unknown> };
    const s = d.queryStats;
    out.push({
      id: b.queryId,
      kind: kindOf(d.query, d.state),
      elapsedMs: millis(s.elapsedTime),
      cpuMs: millis(s.totalCpuTime),
      inputBytes: bytes(s.physicalInputDataSize),
      inputRows: Number(s.physicalInputPositions),
      writtenRows: Number(s.writtenPositions),
      writerRows: ((s.operatorSummaries ?? []) as { operatorType: string; inputPositions: number }[])
        .filter((o) => o.operatorType === "TableWriterOperator" || o.operatorType === "MergeWriterOperator")
        .reduce((a, o) => a + Number(o.inputPositions), 0),
      writtenBytes: bytes(s.physicalWrittenDataSize),
    });
  }
  return out;
}

export const fmtMs = (ms: number): string => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${(ms / 1000).toFixed(2)} s`);
export const fmtBytes = (b: number): string => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : b >= 2 ** 20 ? `${(b / 2 ** 20).toFixed(1)} MiB` : b >= 1024 ? `${(b / 1024).toFixed(1)} KiB` : `${b} B`);
export const fmtN = (n: number): string => n.toLocaleString("en-US");
export const ratio = (a: number, b: number): string => (b === 0 ? (a === 0 ? "=" : "∞") : `${(a / b).toFixed(2)}×`);

/** One figure per tool: label, Lakeform's value, dbt's value, and how to print them. */
export type FigureRow = readonly [string, number, number, (n: number) => string];

/** The Lakeform-vs-dbt table both dbt benches print: one row per figure, the ratio, then the snapshot operations. */
export function comparisonTable(rows: readonly FigureRow[], opsLabel: string, lfOps: string, dbtOps: string): string {
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const cells = rows.map(([label, a, b, f]) => [label.padEnd(w0), f(a), f(b), ratio(a, b)] as const);
  const w1 = Math.max(8, ...cells.map((c) => c[1].length));
  const w2 = Math.max(9, ...cells.map((c) => c[2].length));
  const head = `${"".padEnd(w0)}  ${"Lakeform".padStart(w1)}  ${"dbt-trino".padStart(w2)}  LF/dbt`;
  const body = cells.map((c) => `${c[0]}  ${c[1].padStart(w1)}  ${c[2].padStart(w2)}  ${c[3].padStart(6)}`);
  const ops = `${opsLabel.padEnd(w0)}  ${lfOps.padStart(w1)}  ${dbtOps.padStart(w2)}`;
  return [head, "-".repeat(head.length), ...body, ops].join("\n");
}
