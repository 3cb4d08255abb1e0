import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, uniqueName } from "../helpers.js";
import { dropPostgresSchemas, PSQL, psql, psqlArgs, psqlEnv } from "../postgres.js";

// What an app reading the serving PostgreSQL sees while Lakeform rebuilds a served table (a
// `table` in a catalog without CREATE OR REPLACE: built into <name>__lakeform_new, then two
// renames). A psql loop reads count and versions of the table from before the rebuild until after
// it; every read must be the whole old table or the whole new one — never a partial or empty one.
// A read that falls between the two renames fails with "does not exist": counted and printed,
// allowed (that is the documented guarantee), never silently ignored as a success.
const id = uniqueName("federation_swap");
const schema = `swap_${id}`;
const project = `${REPO_ROOT}/tests/fixtures/serving-swap`;
const run = (versao: number, blocos: number) => runCli(["run", project, "--schema-suffix", id, "--vars", `versao=${versao},blocos=${blocos}`, "--no-run-log"], { timeoutMs: 600_000 });

describe("a served table rebuilt under readers", () => {
  afterAll(() => dropPostgresSchemas("serving", [schema]));

  it("readers see the old table or the new one, whole; never a partial one", async () => {
    const first = run(1, 10);
    expect(first.status, first.stderr).toBe(0);
    expect(psql("serving", `SELECT count(*), min(versao), max(versao) FROM "${schema}".painel`)).toEqual([["100000", "1", "1"]]);

    // The reader: one psql per read (a new connection each time, as a pooled API request would be).
    const query = `SELECT count(*) || ':' || min(versao) || ':' || max(versao) FROM "${schema}".painel`;
    const loop = `while [ ! -e "$STOP" ]; do "$PSQL" ${psqlArgs("serving").map((a) => `'${a}'`).join(" ")} -At -c "${query.replaceAll('"', '\\"')}" 2>&1 | tr '\\n' ' '; echo; done`;
    const stop = `/tmp/${id}.stop`;
    const reader = spawn("bash", ["-c", loop], { env: { ...psqlEnv, PSQL, STOP: stop } });
    let out = "";
    reader.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const finished = new Promise<void>((done) => reader.on("exit", () => done()));

    await new Promise((r) => setTimeout(r, 1500)); // reads of the old table before the rebuild starts
    const second = await new Promise<{ status: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, [`${REPO_ROOT}/dist/cli/main.js`, "run", project, "--schema-suffix", id, "--vars", "versao=2,blocos=25", "--no-run-log"], { cwd: REPO_ROOT });
      let stderr = "";
      child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
      child.on("exit", (status) => done({ status, stderr }));
    });
    await new Promise((r) => setTimeout(r, 1500)); // and of the new one after it
    spawn("touch", [stop]);
    await finished;
    expect(second.status, second.stderr).toBe(0);

    const reads = out.split("\n").map((l) => l.trim()).filter(Boolean);
    const old = reads.filter((r) => r === "100000:1:1").length;
    const fresh = reads.filter((r) => r === "250000:2:2").length;
    const missing = reads.filter((r) => /does not exist/.test(r)).length;
    const other = reads.filter((r) => r !== "100000:1:1" && r !== "250000:2:2" && !/does not exist/.test(r));
    console.log(`reads during the rebuild: ${reads.length} — old table ${old}, new table ${fresh}, "does not exist" (between the renames) ${missing}`);
    expect(other).toEqual([]);
    expect(old).toBeGreaterThan(0);
    expect(fresh).toBeGreaterThan(0);
    // The old reads all come before the new ones: a reader never goes back in time.
    const lastOld = reads.lastIndexOf("100000:1:1");
    const firstNew = reads.indexOf("250000:2:2");
    expect(lastOld).toBeLessThan(firstNew);
    expect(psql("serving", `SELECT table_name FROM information_schema.tables WHERE table_schema = '${schema}'`).flat()).toEqual(["painel"]);
  });
});
