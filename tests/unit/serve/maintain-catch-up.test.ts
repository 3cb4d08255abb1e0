import { describe, expect, it } from "vitest";
import type { TrinoClient } from "../../../src/adapters/trino/client.js";
import { TrinoQueryError } from "../../../src/adapters/trino/errors.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { missedTick } from "../../../src/serve/catch-up.js";
import { lastMaintenanceRunsSql, lastRuns } from "../../../src/serve/last-runs.js";
import { maintenanceLogRows } from "../../../src/run/maintain.js";
import { RUN_LOG_TABLES } from "../../../src/plan/run-log.js";

const at = (iso: string) => Date.parse(iso) / 1000;

/** A run log answering by table: `runs` and `maintenance_runs` rows (or an error), as Trino would. */
function runLog(runs: unknown[] | Error, maintenance: unknown[] | Error): TrinoClient & { seen: string[] } {
  const seen: string[] = [];
  const client = {
    seen,
    queryObjects: async (sql: string) => {
      seen.push(sql);
      const r = sql.includes('"maintenance_runs"') ? maintenance : runs;
      if (r instanceof Error) throw r;
      return r;
    },
  };
  return client as unknown as TrinoClient & { seen: string[] };
}

const notFound = (errorName: string) => new TrinoQueryError({ queryId: "q1", message: "missing", errorName, errorType: "USER_ERROR", errorCode: 1, sql: "SELECT 1" });
const daily = { cron: "30 3 * * *", timeZone: "UTC", catchUp: true };
const now = new Date("2026-12-02T10:00:00Z");

describe("serve catch-up of maintain workflows (their runs are in lakeform.maintenance_runs)", () => {
  it("a maintain workflow that ran after the last tick is not caught up again; one that did not is", async () => {
    const client = runLog([{ workflow: "build", started: at("2026-12-02T03:30:05Z") }], [{ workflow: "upkeep", started: at("2026-12-02T03:30:01Z") }]);
    const last = await lastRuns(client, trinoQuoting, "lake", "/p", ["build", "upkeep", "other"]);
    expect(last.get("upkeep")?.toISOString()).toBe("2026-12-02T03:30:01.000Z");
    expect(last.get("build")?.toISOString()).toBe("2026-12-02T03:30:05.000Z");
    expect(missedTick({ ...daily, lastStartedAt: last.get("upkeep"), now })).toBeUndefined();
    expect(missedTick({ ...daily, lastStartedAt: last.get("other"), now })?.toISOString()).toBe("2026-12-02T03:30:00.000Z");
    // yesterday's maintenance run: today's 03:30 was missed
    const stale = await lastRuns(runLog([], [{ workflow: "upkeep", started: at("2026-12-01T03:30:01Z") }]), trinoQuoting, "lake", "/p", ["upkeep"]);
    expect(missedTick({ ...daily, lastStartedAt: stale.get("upkeep"), now })?.toISOString()).toBe("2026-12-02T03:30:00.000Z");
  });

  it("keeps the newest of both tables, and a maintenance log without the columns (or none) means never ran", async () => {
    const both = await lastRuns(runLog([{ workflow: "w", started: at("2026-12-02T01:00:00Z") }], [{ workflow: "w", started: at("2026-12-02T02:00:00Z") }]), trinoQuoting, "lake", "/p", ["w"]);
    expect(both.get("w")?.toISOString()).toBe("2026-12-02T02:00:00.000Z");
    const old = await lastRuns(runLog([], notFound("COLUMN_NOT_FOUND")), trinoQuoting, "lake", "/p", ["w"]);
    expect(old.size).toBe(0);
    const none = await lastRuns(runLog(notFound("SCHEMA_NOT_FOUND"), notFound("TABLE_NOT_FOUND")), trinoQuoting, "lake", "/p", ["w"]);
    expect(none.size).toBe(0);
    await expect(lastRuns(runLog([], notFound("GENERIC_INTERNAL_ERROR")), trinoQuoting, "lake", "/p", ["w"])).rejects.toThrow(/GENERIC_INTERNAL_ERROR/);
  });

  it("reads the project's non-dry maintenance runs, a run starting at its first table", () => {
    const sql = lastMaintenanceRunsSql(trinoQuoting, "lake", "/p'x", ["upkeep"]);
    expect(sql).toContain(`"lake"."lakeform"."maintenance_runs"`);
    expect(sql).toContain("project = '/p''x'");
    expect(sql).toContain("NOT dry_run");
    expect(sql).toMatch(/min\(started_at\).*GROUP BY workflow, run_id/);
  });

  it("maintenance log rows carry the project and the workflow (null from the CLI)", () => {
    const report = { key: "lake.silver.a", status: "maintained" as const, statements: [], reasons: [], startedAt: "2026-12-02T03:30:01Z", endedAt: "2026-12-02T03:30:02Z" };
    const names = RUN_LOG_TABLES.maintenance.columns.map((c) => c.name);
    const [row] = maintenanceLogRows("r1", [report], false, { project: "/p", workflow: "upkeep" });
    expect(Object.keys(row!).sort()).toEqual([...names].sort());
    expect(row).toMatchObject({ project: "/p", workflow: "upkeep" });
    expect(maintenanceLogRows("r1", [report], false)[0]).toMatchObject({ project: null, workflow: null });
  });
});
