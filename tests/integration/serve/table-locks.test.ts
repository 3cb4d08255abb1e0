import { afterAll, describe, expect, it } from "vitest";
import { lockTables } from "../../../src/run/table-locks.js";
import { runCli, uniqueName } from "../helpers.js";
import { dropSchema } from "../ingest/helpers.js";
import { exampleCopy } from "./helpers.js";

// The CLI side of the table locks: a hand-run `lakeform run` refuses to write a table another run
// holds (here: this test process, standing in for `serve`), and runs when its tables are free.
const id = uniqueName("lck");
const project = exampleCopy(id);

describe("lakeform run and the table locks", () => {
  afterAll(async () => {
    for (const s of [`gold_${id}`, `qualidade_${id}`]) await dropSchema(s).catch(() => undefined);
  });

  it("refuses a run whose tables another run writes, naming it, and leaves disjoint selections alone", () => {
    const held = lockTables(project.dir, [`iceberg.silver_${id}.dados_produtores_agro`], "lakeform serve (workflow silver_nrt)");
    expect("release" in held).toBe(true);
    try {
      const blocked = runCli(["run", project.dir, "--workflow", "silver_nrt", "--schema-suffix", id, "--no-run-log"]);
      expect(blocked.status).toBe(1);
      expect(blocked.stderr).toContain(`another run is writing iceberg.silver_${id}.dados_produtores_agro: lakeform serve (workflow silver_nrt) (pid ${process.pid}`);
      // gold only reads silver: it is not blocked (its tables fail to build since silver is empty, which is not a lock error)
      const gold = runCli(["run", project.dir, "--workflow", "gold_hourly", "--schema-suffix", id, "--no-run-log"]);
      expect(gold.stderr).not.toContain("another run is writing");
    } finally {
      if ("release" in held) held.release();
    }
    const unknown = runCli(["run", project.dir, "--workflow", "silver_nrtt"]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown workflow "silver_nrtt"');
    expect(unknown.stderr).toContain('did you mean "silver_nrt"?');
  });
});
