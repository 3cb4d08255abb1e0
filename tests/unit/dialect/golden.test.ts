import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { diffColumns, diffRowsWithoutKey, diffSample, diffSummary } from "../../../src/adapters/trino/support-sql.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { expireStep, maintenanceTargets, optimizeStep, orphanStep, statsQuery } from "../../../src/plan/maintenance.js";
import { renderAction, type RenderedStatement } from "../../../src/plan/render.js";
import { EMPTY_STATE } from "../../../src/plan/introspection.js";
import { buildPlan } from "../../../src/plan/plan.js";
import { planRunLog } from "../../../src/plan/run-log.js";
import { renderSchemas } from "../../../src/plan/schemas.js";
import { intervalLogTarget } from "../../../src/plan/time-range.js";
import { goldenCases, type GoldenCase } from "./golden-cases.js";

// LAKEFORM_UPDATE_GOLDEN=1 npx vitest run --project unit tests/unit/dialect  (re)writes the files.
// Without it a missing golden file fails: a new shape is reviewed, never accepted silently.
const UPDATE = process.env["LAKEFORM_UPDATE_GOLDEN"] === "1";
const GOLDEN_DIR = "tests/golden/trino";
const result = compileProject("tests/fixtures/golden-project", { quoting: trinoQuoting });
const dialect = createTrinoDialect(loadMaterializations());
const serving = compileProject("tests/fixtures/serving-project", { quoting: trinoQuoting });

function formatStatements(statements: readonly RenderedStatement[], header: string[]): string {
  const when = (s: RenderedStatement) => `${s.when ? ` (when ${s.when})` : ""}${s.parameter ? ` (? = ${s.parameter} rows as JSON)` : ""}`;
  const body = statements.map((s) => `-- ${s.role}${when(s)}\n${s.sql};`).join("\n\n");
  return `${header.map((h) => `-- ${h}`).join("\n")}\n\n${body}\n`;
}

function render(c: GoldenCase): string {
  if (c.special === "schemas") return formatStatements(renderSchemas(dialect, result.graph), ["CREATE SCHEMA for every written schema"]);
  if (c.special === "introspection") {
    const schemas = ["gold", "silver"];
    const reads = [dialect.catalogKinds([c.key]), dialect.existingSchemas(c.key, schemas), dialect.relationsAndColumns(c.key, schemas), dialect.queryColumns("SELECT 1 AS x;")];
    return formatStatements(reads.map((sql) => ({ role: "introspection", sql })), [`reads of catalog ${c.key}, schemas ${schemas.join(", ")}; a query's columns`]);
  }
  if (c.special === "table-diff") {
    // `lakeform diff`: a column probe per side, the summary, the sample; and the keyless multiset count.
    const [database = "", schema = "", name = ""] = c.key.split(".");
    const side = { target: { database, schema, name } };
    const sql = [diffColumns(side), diffColumns(side), diffSummary(side, side, ["farmer_id"], ["name", "region"]), diffSample(side, side, ["farmer_id"], ["name", "region"], 10), diffRowsWithoutKey(side, side, ["farmer_id", "name", "region"])];
    return formatStatements(sql.map((s) => ({ role: "introspection", sql: s })), [`lakeform diff of ${c.key} with itself, key farmer_id`]);
  }
  if (c.special === "run-log") return formatStatements(planRunLog(dialect, c.key, "s3://warehouse/"), [`run log in catalog ${c.key}`]);
  if (c.special === "time-range") {
    const state = { schemas: new Set(["lake.silver"]), relations: new Map(c.state ? [[c.key, c.state]] : []) };
    const plan = buildPlan(dialect, result.graph, state, {
      actions: [c.key],
      timeRange: c.timeRange?.run,
      intervalLogs: new Map([[c.key, c.timeRange?.log ?? { built: [] }]]),
      fullRefresh: c.options?.fullRefresh === true,
    });
    const task = plan.tasks.find((t) => t.key === c.key);
    if (!task) throw new Error(`no task ${c.key}`);
    const read: RenderedStatement = { role: "introspection", sql: dialect.intervalLogRead(intervalLogTarget("lake"), [c.key]) };
    const intervals = (task.intervals ?? []).map((i) => `interval [${i.start}, ${i.end}) ${i.reason}`);
    return formatStatements([...plan.schemas, ...task.statements, read], [`${c.key}: mode ${task.mode}`, `state: ${JSON.stringify(c.state ?? { exists: false })}`, `run: ${JSON.stringify(c.timeRange?.run)}`, ...(c.options ? [`options: ${JSON.stringify(c.options)}`] : []), ...intervals, ...plan.diagnostics.map((d) => `diagnostic: ${formatDiagnostic(d)}`)]);
  }
  if (c.special === "plan") {
    const plan = buildPlan(dialect, result.graph, EMPTY_STATE, { actions: [c.key], storeFailures: true });
    const task = plan.tasks.find((t) => t.key === c.key);
    if (!task) throw new Error(`no task ${c.key}`);
    return formatStatements(task.statements, [`${c.key}: planned task with --store-failures`]);
  }
  const action = (c.project ? serving : result).graph.actions.find((a) => a.key === c.key);
  if (!action) throw new Error(`no action ${c.key}; have ${result.graph.actions.map((a) => a.key).join(", ")}`);
  if (c.special === "seed-hash-read") return formatStatements([{ role: "introspection", sql: dialect.tableComments([action.target]) }], [`${c.key}: the comment holding the seed's hash`]);
  if (c.special === "column-comments") {
    const statements: RenderedStatement[] = [
      { role: "introspection", sql: dialect.columnComments("lake", ["gold", "silver"]) },
      { role: "comment", sql: dialect.commentOnColumn(action.target, "name", "Farmer's name, as registered.") },
    ];
    return formatStatements(statements, [`${c.key}: stored column comments, then one description persisted`]);
  }
  if (c.special === "seed-batched") {
    // 20,000 characters is what plan/seed.ts keeps for the statement around the rows: no room for two rows.
    const small = { ...dialect, maxStatementLength: 20_000 };
    const r = renderAction(small, action, c.state, c.options);
    return formatStatements(r.statements, [`${c.key}: mode ${r.mode}, statements of at most ${small.maxStatementLength} characters`]);
  }
  if (c.special) {
    const orphans = c.special === "maintenance-orphans";
    const [t] = maintenanceTargets(result.graph, { policy: { removeOrphanFiles: orphans, retainSnapshots: 3 }, layers: {} }, new Set([action.key]));
    if (!t) throw new Error(`${action.key} is not maintained`);
    const stats = { files: 200, smallFiles: 200, avgFileBytes: 900, snapshots: 100, lastOptimizeAgeMs: null, retainedAgeMs: 1000 };
    const steps = [optimizeStep(dialect, t, stats), expireStep(dialect, t, stats), orphanStep(dialect, t)].flatMap((s) => (s.statement ? [s.statement] : []));
    return formatStatements([{ role: "introspection", sql: statsQuery(dialect, t) }, ...steps], [`maintenance of ${c.key}: 200 small files, 100 snapshots, keep 3${orphans ? ", remove orphan files" : ""}`]);
  }
  const r = renderAction(dialect, action, c.state, c.options);
  const header = [`${c.key}: mode ${r.mode}`, `state: ${JSON.stringify(c.state ?? { exists: false })}`];
  if (c.options) header.push(`options: ${JSON.stringify(c.options)}`);
  header.push(...r.diagnostics.map((d) => `diagnostic: ${formatDiagnostic(d)}`));
  return formatStatements(r.statements, header);
}

describe("golden Trino SQL", () => {
  it("the golden project compiles without errors", () => {
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(serving.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it("every golden file belongs to a case (a renamed case leaves no stale file behind)", () => {
    const names = new Set(goldenCases.map((c) => `${c.name}.sql`));
    expect(readdirSync(GOLDEN_DIR).filter((f) => !names.has(f))).toEqual([]);
  });

  for (const c of goldenCases) {
    it(c.name, () => {
      const file = join(GOLDEN_DIR, `${c.name}.sql`);
      const actual = render(c);
      expect(render(c)).toBe(actual); // deterministic
      if (UPDATE) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, actual);
      }
      expect(existsSync(file), `${file} is missing: review the SQL and write it with LAKEFORM_UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(file, "utf8"));
    });
  }
});
