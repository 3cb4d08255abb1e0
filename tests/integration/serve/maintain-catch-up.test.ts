import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { dropSchemas, trino, uniqueName } from "../helpers.js";
import { freePort, spawnServe, type Serve } from "./helpers.js";

// A maintain workflow records its runs in lakeform.maintenance_runs (not lakeform.runs); serve's
// catch-up must read them there, or the workflow looks never run and runs at every start.
const schema = uniqueName("fixes_mcu");
const dir = mkdtempSync(join(tmpdir(), "lakeform-it-fixes-mcu-"));
mkdirSync(join(dir, "definitions"));
writeFileSync(
  join(dir, "dataform.json"),
  JSON.stringify({
    warehouse: "trino",
    defaultDatabase: "iceberg",
    defaultSchema: schema,
    assertionSchema: `${schema}_assertions`,
    // yearly: the previous fire (1 January) was missed by a project that never ran
    lakeform: { iceberg: { maintenance: { optimizeEvery: "1d" } }, workflows: { fixes_upkeep: { kind: "maintain", cron: "0 0 1 1 *", catchUp: true } } },
  }),
);
writeFileSync(join(dir, "definitions", "t.sqlx"), 'config { type: "table" }\nSELECT 1 AS x');
const client = trino();
const runsOf = async () =>
  (await client.query(`SELECT DISTINCT run_id FROM iceberg.lakeform.maintenance_runs WHERE project = '${dir.replaceAll("'", "''")}' AND workflow = 'fixes_upkeep'`)).rows.length;

/** serve until its start-up is done (catch-up launched), then SIGTERM; its whole output once it exited (runs drained). */
async function serveOnce(waitFor: RegExp): Promise<string> {
  const s: Serve = spawnServe([dir, "--no-ingest", "--listen", `127.0.0.1:${await freePort()}`, "--shutdown-timeout", "60"]);
  try {
    while (!waitFor.test(s.output())) {
      if (s.child.exitCode !== null) throw new Error(`serve exited early:\n${s.output()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    s.child.kill("SIGTERM");
    const end = await s.exited;
    expect(end.code, s.output()).toBe(0);
    return s.output();
  } finally {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
  }
}

describe("serve catch-up of a maintain workflow", () => {
  afterAll(async () => {
    await dropSchemas(client, [schema]).catch(() => undefined);
    // only this test's rows of the shared run log
    await client.query(`DELETE FROM iceberg.lakeform.maintenance_runs WHERE project = '${dir.replaceAll("'", "''")}'`).catch(() => undefined);
  });

  it("runs the missed tick once, and not again at the next start", async () => {
    const first = await serveOnce(/\[fixes_upkeep\] run (success|failed)/);
    expect(first).toMatch(/\[fixes_upkeep\] run starting \(catch-up/);
    expect(first).toMatch(/\[fixes_upkeep\] run success/);
    expect(await runsOf()).toBe(1);
    // start-up logs the next ticks after catch-up was decided; any run it launched logs its end before serve exits
    const second = await serveOnce(/\[fixes_upkeep\] next tick/);
    expect(second).not.toMatch(/\[fixes_upkeep\] run /);
    expect(await runsOf()).toBe(1);
  });
});
