import { describe, expect, it } from "vitest";
import { runCli } from "../integration/helpers.js";

describe("lakeform CLI (subprocess) — foundation", () => {
  it("--help lists the commands", () => {
    const r = runCli(["--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\bstack\b/);
    expect(r.stdout).toMatch(/\bsql\b/);
  });

  it("stack status --json reports every service healthy", () => {
    const r = runCli(["stack", "status", "--json"]);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as { healthy: boolean; services: { service: string; implementation: string; healthy: boolean }[] };
    expect(s.healthy).toBe(true);
    expect(s.services.map((x) => x.service).sort()).toEqual(["kafka", "object-store", "postgres", "trino"]);
    expect(["minio", "versitygw"]).toContain(s.services.find((x) => x.service === "object-store")?.implementation);
  });

  it("sql prints a table", () => {
    const r = runCli(["sql", "SELECT count(*) AS n FROM tpch.tiny.nation"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\s*n\s*$/m);
    expect(r.stdout).toMatch(/^\s*25\s*$/m);
  });

  it("sql --json", () => {
    const r = runCli(["sql", "--json", "SELECT name FROM tpch.tiny.region ORDER BY regionkey LIMIT 2"]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([["AFRICA"], ["AMERICA"]]);
  });

  it("a syntax error exits non-zero with Trino's message and the query id", () => {
    const r = runCli(["sql", "SELEC 1"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("mismatched input 'SELEC'");
    expect(r.stderr).toMatch(/query \d{8}_\d{6}_\d{5}_\w+/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("an unreachable Trino gives a clear message, not a stack trace", () => {
    const r = runCli(["sql", "SELECT 1"], { env: { LAKEFORM_TRINO_URL: "http://127.0.0.1:1" } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot reach Trino at http://127.0.0.1:1 — run `lakeform stack up`");
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
