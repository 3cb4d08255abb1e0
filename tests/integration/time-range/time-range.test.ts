import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, dropSchemas, runCli, trino, uniqueName } from "../helpers.js";

// Time-range incrementals on the real stack: `tests/integration/time-range/project` (events_daily
// over a 10-day source ending today, lookback 8; events_totals downstream; a protected copy;
// events_january for the 31-day acceptance backfill), isolated by a unique schema suffix.
const project = resolve(import.meta.dirname, "project");
const suffix = uniqueName("tr");
const src = `${suffix}_src`;
const schema = `timerange_${suffix}`;
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const table = (name: string, s = schema) => `iceberg."${s}"."${name}"`;
const meta = (name: string, m: string, s = schema) => `iceberg."${s}"."${name}$${m}"`;

const DAY = 86_400_000;
const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
/** Day n of the 10 (1 = nine days ago, 10 = today), as `YYYY-MM-DD`. */
const day = (n: number) => new Date(today - (10 - n) * DAY).toISOString().slice(0, 10);
const begin = day(1);

function args(s: string, extra: readonly string[]): string[] {
  return [...extra, project, "--vars", `src_schema=${src},begin=${begin}`, "--schema-suffix", s, "--no-run-log"];
}
const run = (extra: readonly string[], s = suffix) => runCli(["run", ...args(s, extra)]);

async function snapshotCount(name: string, s = schema): Promise<number> {
  return Number((await q(`SELECT count(*) FROM ${meta(name, "snapshots", s)}`))[0]?.[0]);
}
async function newSnapshots(name: string, after: number): Promise<{ operation: string; changed: string }[]> {
  const rows = await q(`SELECT operation, summary['changed-partition-count'] FROM ${meta(name, "snapshots")} ORDER BY committed_at OFFSET ${after}`);
  return rows.map(([operation, changed]) => ({ operation: String(operation), changed: String(changed) }));
}
/** Data files of each day's partition (file paths), to see which days a run rewrote. */
async function filesByDay(name: string): Promise<Map<string, string>> {
  const rows = await q(`SELECT CAST(partition.event_ts_day AS varchar), array_join(array_sort(array_agg(file_path)), ',') FROM ${meta(name, "files")} GROUP BY 1`);
  return new Map(rows.map(([d, files]) => [String(d), String(files)]));
}
/** Rows in the model that the source does not have, and the other way round, from `from` on. */
async function difference(name: string, from: string, to = "9999-01-01"): Promise<number> {
  const srcRows = `SELECT id, event_ts, amount FROM ${table("raw_events", src)} WHERE event_ts >= TIMESTAMP '${from} 00:00:00 UTC' AND event_ts < TIMESTAMP '${to} 00:00:00 UTC'`;
  const model = `SELECT id, event_ts, amount FROM ${table(name)}`;
  const r = await q(`SELECT (SELECT count(*) FROM (${model} EXCEPT ALL ${srcRows})) + (SELECT count(*) FROM (${srcRows} EXCEPT ALL ${model}))`);
  return Number(r[0]?.[0]);
}
async function countsByDay(name: string): Promise<Map<string, number>> {
  const rows = await q(`SELECT CAST(date(event_ts) AS varchar), count(*) FROM ${table(name)} GROUP BY 1`);
  return new Map(rows.map(([d, n]) => [String(d), Number(n)]));
}
async function logged(name: string, s = schema): Promise<number> {
  const r = await q(`SELECT count(DISTINCT interval_start) FROM iceberg.lakeform.intervals WHERE model_key = 'iceberg.${s}.${name}' AND event = 'built' AND logged_at >= (SELECT max(logged_at) FROM iceberg.lakeform.intervals WHERE model_key = 'iceberg.${s}.${name}' AND event = 'reset')`);
  return Number(r[0]?.[0]);
}
async function addRows(dayText: string, ids: readonly number[]): Promise<void> {
  const values = ids.map((id, i) => `(${id}, TIMESTAMP '${dayText} 0${1 + i}:30:00 UTC', ${id}.0E0)`).join(", ");
  await q(`INSERT INTO ${table("raw_events", src)} VALUES ${values}`);
}

describe("time-range incrementals", () => {
  beforeAll(async () => {
    await q(`CREATE SCHEMA iceberg."${src}" WITH (location = 's3://warehouse/${src}')`);
    // 6 rows a day for the 10 days ending today, and 2 a day in January 2026.
    await q(
      `CREATE TABLE ${table("raw_events", src)} AS
       SELECT CAST(d * 100 + h AS bigint) AS id, from_iso8601_timestamp('${begin}T00:00:00Z') + d * INTERVAL '1' DAY + h * INTERVAL '1' HOUR AS event_ts, CAST(d + h AS double) AS amount
       FROM UNNEST(sequence(0, 9)) AS a (d) CROSS JOIN UNNEST(sequence(0, 20, 4)) AS b (h)
       UNION ALL
       SELECT CAST(100000 + d * 10 + h AS bigint), from_iso8601_timestamp('2026-01-01T00:00:00Z') + d * INTERVAL '1' DAY + h * INTERVAL '6' HOUR, 1.0E0
       FROM UNNEST(sequence(0, 30)) AS a (d) CROSS JOIN UNNEST(sequence(1, 2)) AS b (h)`,
    );
  });
  afterAll(async () => {
    await dropSchemas(client, [schema, `timerange_${suffix}_cancel`, src]);
    await q(`DELETE FROM iceberg.lakeform.intervals WHERE model_key LIKE 'iceberg.timerange_${suffix}%'`).catch(() => {});
  });

  it("a new table: the 10 days in ONE statement (one commit), each day logged", async () => {
    const r = run(["--actions", "events_daily,events_totals,events_protected"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(await difference("events_daily", begin)).toBe(0);
    expect([...(await countsByDay("events_daily")).values()]).toEqual(Array(10).fill(6));
    const snaps = await newSnapshots("events_daily", 0);
    expect(snaps).toEqual([{ operation: "append", changed: "10" }]);
    expect(await logged("events_daily")).toBe(10);
    const totals = await q(`SELECT sum(events) FROM ${table("events_totals")}`);
    expect(Number(totals[0]?.[0])).toBe(60);
  });

  it("late rows in day 3: a run rewrites exactly the days inside the lookback (8 complete days + today), one MERGE commit each, day 3 right", async () => {
    const before = await filesByDay("events_daily");
    const n = await snapshotCount("events_daily");
    await addRows(day(3), [9001, 9002, 9003]);
    const r = run(["--actions", "events_daily"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const snaps = await newSnapshots("events_daily", n);
    expect(snaps.map((s) => s.changed)).toEqual(Array(9).fill("1"));
    const after = await filesByDay("events_daily");
    const rewritten = [...after.keys()].filter((d) => after.get(d) !== before.get(d)).sort();
    expect(rewritten).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10].map(day));
    expect((await countsByDay("events_daily")).get(day(3))).toBe(9);
    expect(await difference("events_daily", begin)).toBe(0);
  });

  it("plan shows the intervals (text and --json) and the MERGE prunes the target to the interval's partition", async () => {
    const text = runCli(["plan", ...args(suffix, ["--actions", "events_daily", "--start", day(4), "--end", day(5), "--restate"])]);
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toContain(`-- intervals: 2 (2 restate), ${day(4)}T00:00:00.000Z → ${day(6)}T00:00:00.000Z`);
    const json = runCli(["plan", ...args(suffix, ["--actions", "events_daily", "--start", day(4), "--end", day(5), "--restate", "--json"])]);
    const plan = JSON.parse(json.stdout) as { tasks: { key: string; intervals: { start: string; reason: string }[]; statements: { role: string; sql: string }[] }[] };
    const task = plan.tasks.find((t) => t.key.endsWith(".events_daily"));
    expect(task?.intervals.map((i) => [i.start.slice(0, 10), i.reason])).toEqual([[day(4), "restate"], [day(5), "restate"]]);
    const merge = task?.statements.find((s) => s.role === "merge")?.sql ?? "";
    const explain = (await q(`EXPLAIN ${merge}`)).map((row) => String(row[0])).join("\n");
    const scan = explain.slice(explain.indexOf(`TableScan[table = iceberg:${schema}.events_daily$data`));
    expect(scan.slice(0, 1500)).toContain(`:: [[${day(4)} 00:00:00.000000 UTC, ${day(5)} 00:00:00.000000 UTC)]`);
    // and the delete marker joins by hash on __lakeform_op, not as a cross join
    expect(explain).toMatch(/(Left|Right|Inner)Join\[criteria = \(/);
  });

  it("--start/--end --restate rewrites exactly days 4-5 (and, with --include-dependents, the totals' days 4-5); a reader never sees a day half replaced", async () => {
    await addRows(day(4), [9101, 9102]);
    await addRows(day(5), [9201, 9202]);
    const before = await filesByDay("events_daily");
    const n = await snapshotCount("events_daily");
    const nTotals = await snapshotCount("events_totals");
    const child = spawn(process.execPath, [CLI, "run", ...args(suffix, ["--actions", "events_daily", "--include-dependents", "--start", day(4), "--end", day(5), "--restate"])], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    let finished = false;
    void exited.then(() => (finished = true));
    const seen: string[] = [];
    let reads = 0;
    while (!finished) {
      const counts = await countsByDay("events_daily");
      reads++;
      for (let d = 1; d <= 10; d++) {
        const c = counts.get(day(d));
        const allowed = d === 3 ? [9] : d === 4 || d === 5 ? [6, 8] : [6];
        if (!allowed.includes(c ?? 0)) seen.push(`${day(d)}: ${c}`);
      }
    }
    expect(await exited, output).toBe(0);
    expect(reads).toBeGreaterThan(0);
    expect(seen).toEqual([]);
    expect((await newSnapshots("events_daily", n)).map((s) => s.changed)).toEqual(["1", "1"]);
    const after = await filesByDay("events_daily");
    expect([...after.keys()].filter((d) => after.get(d) !== before.get(d)).sort()).toEqual([day(4), day(5)]);
    expect(await difference("events_daily", begin)).toBe(0);
    expect(await snapshotCount("events_totals")).toBe(nTotals + 2);
    const totals = await q(`SELECT CAST(date(day_ts) AS varchar), events FROM ${table("events_totals")} WHERE date(day_ts) IN (DATE '${day(4)}', DATE '${day(5)}') ORDER BY 1`);
    expect(totals.map(([, e]) => Number(e))).toEqual([8, 8]);
  });

  it("a restatement of a protected model is refused, and nothing is written", async () => {
    const n = await snapshotCount("events_protected");
    const r = run(["--actions", "events_protected", "--start", day(4), "--end", day(5), "--restate"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("protected-restatement: restatement refused");
    expect(await snapshotCount("events_protected")).toBe(n);
  });

  it("acceptance: --start 2026-01-01 --end 2026-01-31 builds 31 intervals, and a rerun does nothing", async () => {
    const r = run(["--actions", "events_january", "--start", "2026-01-01", "--end", "2026-01-31"]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(await logged("events_january")).toBe(31);
    expect(await difference("events_january", "2026-01-01", "2026-02-01")).toBe(0);
    const n = await snapshotCount("events_january");
    expect(n).toBe(1); // one CREATE TABLE AS for the 31 days
    const again = run(["--actions", "events_january", "--start", "2026-01-01", "--end", "2026-01-31"]);
    expect(again.status, again.stdout + again.stderr).toBe(0);
    expect(await snapshotCount("events_january")).toBe(n);
  });

  it("Ctrl-C mid-backfill: finished intervals stay committed and logged, the rest missing; the next run builds only those", async () => {
    const s = `${suffix}_cancel`;
    const cancelSchema = `timerange_${s}`;
    // The table exists (day 1), so the backfill of days 2-31 is one MERGE per interval.
    const first = run(["--actions", "events_january", "--start", "2026-01-01", "--end", "2026-01-01"], s);
    expect(first.status, first.stdout + first.stderr).toBe(0);
    const child = spawn(process.execPath, [CLI, "run", ...args(s, ["--actions", "events_january", "--start", "2026-01-01", "--end", "2026-01-31"])], { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (b: Buffer) => (output += b.toString()));
    child.stderr.on("data", (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((res) => child.on("exit", (code) => res(code)));
    let done = 0;
    for (let i = 0; i < 600 && done < 5; i++) {
      done = await logged("events_january", cancelSchema).catch(() => 0);
      if (done < 5) await new Promise((res) => setTimeout(res, 100));
    }
    child.kill("SIGINT");
    expect(await exited, output).toBe(130);
    const kept = await logged("events_january", cancelSchema);
    expect(kept).toBeGreaterThanOrEqual(5);
    expect(kept).toBeLessThan(31);
    // Every logged interval holds exactly the source's rows of its day.
    const days = await q(`SELECT CAST(date(interval_start) AS varchar) FROM iceberg.lakeform.intervals WHERE model_key = 'iceberg.${cancelSchema}.events_january' AND event = 'built'`);
    for (const [d] of days) {
      const next = new Date(Date.parse(`${String(d)}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
      const r = await q(`SELECT count(*) FROM ${table("events_january", cancelSchema)} WHERE event_ts >= TIMESTAMP '${String(d)} 00:00:00 UTC' AND event_ts < TIMESTAMP '${next} 00:00:00 UTC'`);
      expect(Number(r[0]?.[0]), String(d)).toBe(2);
    }
    const plan = runCli(["plan", ...args(s, ["--actions", "events_january", "--start", "2026-01-01", "--end", "2026-01-31", "--json"])]);
    const task = (JSON.parse(plan.stdout) as { tasks: { intervals: { reason: string }[] }[] }).tasks[0];
    expect(task?.intervals.length).toBe(31 - kept);
    expect(new Set(task?.intervals.map((i) => i.reason))).toEqual(new Set(["missing"]));
    const rest = run(["--actions", "events_january", "--start", "2026-01-01", "--end", "2026-01-31"], s);
    expect(rest.status, rest.stdout + rest.stderr).toBe(0);
    expect(await logged("events_january", cancelSchema)).toBe(31);
    const total = await q(`SELECT count(*) FROM ${table("events_january", cancelSchema)}`);
    expect(Number(total[0]?.[0])).toBe(62);
  });
});
