import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileFiles } from "../../../src/compile/compile.js";
import type { ProjectFiles } from "../../../src/compile/project-files.js";
import { INTERVAL_END_PLACEHOLDER, INTERVAL_START_PLACEHOLDER } from "../../../src/compile/time-range-config.js";
import { formatDiagnostic } from "../../../src/common/errors.js";

function project(files: Record<string, string>): ProjectFiles {
  return {
    settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
    files: Object.entries({ "definitions/src.sqlx": 'config { type: "declaration", schema: "bronze", name: "events" }', ...files })
      .map(([path, text]) => ({ path, text }))
      .sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
}
const compile = (files: Record<string, string>) => compileFiles(project(files), { quoting: trinoQuoting });
const model = (config: string, body = 'SELECT * FROM ${ref("events")} WHERE ts >= ${incrementalStart()} AND ts < ${incrementalEnd()}') => `config { type: "incremental", ${config} }\n${body}\n`;

describe("time-range incrementals compile", () => {
  it("types the config and keeps the query as a template with the interval placeholders", () => {
    const r = compile({ "definitions/daily.sqlx": model('timeColumn: "ts", batchSize: "6 hours", begin: "2026-01-01", lookback: 2, batchConcurrency: 3') });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const a = r.graph.actions.find((x) => x.key === "lake.silver.daily");
    expect(a?.kind === "incremental" && a.timeRange).toEqual({ timeColumn: "ts", batchSize: { count: 6, unit: "hour" }, lookback: 2, begin: "2026-01-01T00:00:00.000Z", concurrency: 3 });
    expect(a?.kind === "incremental" && a.incrementalQuery).toContain(`ts >= ${INTERVAL_START_PLACEHOLDER} AND ts < ${INTERVAL_END_PLACEHOLDER}`);
  });

  it("JS actions get the bounds from the context too", () => {
    const r = compile({ "definitions/js.js": 'publish("js", { type: "incremental", timeColumn: "ts", batchSize: "1 day", begin: "2026-01-01" }).query((ctx) => `SELECT * FROM ${ctx.ref("events")} WHERE ts < ${ctx.incrementalEnd()}`);' });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const a = r.graph.actions.find((x) => x.key === "lake.silver.js");
    expect(a?.kind === "incremental" && a.incrementalQuery).toContain(INTERVAL_END_PLACEHOLDER);
  });

  it("reports incomplete or invalid time-range keys, and the bounds outside a time range", () => {
    const r = compile({
      "definitions/a_missing.sqlx": model('timeColumn: "ts"'),
      "definitions/b_size.sqlx": model('timeColumn: "ts", batchSize: "1 fortnight", begin: "2026-01-01"'),
      "definitions/c_begin.sqlx": model('timeColumn: "ts", batchSize: "1 day", begin: "soon"'),
      "definitions/d_key.sqlx": model('timeColumn: "ts", batchSize: "1 day", begin: "2026-01-01", uniqueKey: ["id"]'),
      "definitions/d_strategy.sqlx": model('timeColumn: "ts", batchSize: "1 day", begin: "2026-01-01", incrementalStrategy: "append"'),
      "definitions/e_table.sqlx": 'config { type: "table" }\nSELECT * FROM ${ref("events")} WHERE ts >= ${incrementalStart()}\n',
    });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "definitions/a_missing.sqlx:1:1: error invalid-time-range: a_missing: a time-range incremental needs batchSize, begin (it sets timeColumn) — e.g. timeColumn: \"event_ts\", batchSize: \"1 day\", begin: \"2026-01-01\", lookback: 2",
      'definitions/b_size.sqlx:1:1: error invalid-time-range: b_size: batchSize "1 fortnight" is not a duration — write "<n> <unit>", unit one of minute, hour, day, week, month, year (e.g. "1 day", "6 hours")',
      'definitions/c_begin.sqlx:1:1: error invalid-time-range: c_begin: begin "soon" is not a date or timestamp — write "2026-01-01" or "2026-01-01T06:00:00Z"',
      "definitions/d_key.sqlx:1:1: error invalid-time-range: d_key: uniqueKey and timeColumn exclude each other: a time-range model replaces whole intervals — remove uniqueKey (each interval is replaced as a whole) or the time-range keys",
      'definitions/d_strategy.sqlx:1:1: error invalid-time-range: d_strategy: incrementalStrategy "append" does not apply to a time-range model: each interval is replaced whole by one MERGE — remove incrementalStrategy, or the time-range keys for a key-based strategy',
      'definitions/e_table.sqlx:1:1: error interval-outside-time-range: e_table: incrementalStart()/incrementalEnd() are only defined in a time-range incremental — set type: "incremental" with timeColumn, batchSize and begin, or use incremental() and self() instead',
    ]);
  });
});
