/**
 * Issue 16: what broke real Dataform projects, class by class, on the Lakeform side (the graph
 * itself is compared with @dataform/core's compile in dataform-compat.test.ts).
 */

import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { compileFiles, compileProject } from "../../../src/compile/compile.js";
import type { Action, ActionOfKind } from "../../../src/compile/graph.js";
import { mapBigQueryPartition } from "../../../src/compile/partition-map.js";
import type { ProjectFiles } from "../../../src/compile/project-files.js";
import { parseProjectSettings } from "../../../src/config/project.js";

const FIXTURES = "tests/fixtures/dataform-compat";

function compile(files: Record<string, string>, settings = '{ "defaultDatabase": "lake", "defaultSchema": "s", "assertionSchema": "qa" }') {
  const project: ProjectFiles = {
    settings: [{ name: "dataform.json", text: settings }],
    files: Object.entries(files).map(([path, text]) => ({ path, text })).sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  const r = compileFiles(project, { quoting: trinoQuoting });
  return { ...r, byName: (name: string): Action | undefined => r.graph.actions.find((a) => a.target.name === name), messages: r.diagnostics.map(formatDiagnostic) };
}

function kinded<K extends Action["kind"]>(a: Action | undefined, kind: K): ActionOfKind<K> {
  expect(a?.kind).toBe(kind);
  return a as ActionOfKind<K>;
}

describe("class 1: warehouse-specific config is accepted with warnings and mapped", () => {
  const r = compileProject(resolve(FIXTURES, "warehouse-blocks"), { quoting: trinoQuoting });
  const get = (name: string) => r.graph.actions.find((a) => a.target.name === name);

  it("compiles with warnings only, each located and saying what Lakeform does", () => {
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const warnings = r.diagnostics.map(formatDiagnostic);
    expect(warnings).toContain('definitions/users.sqlx:4:5: warning foreign-config: bigquery.partitionBy "DATE(first_seen)" is mapped to iceberg.partitioning ["day(first_seen)"] — `lakeform migrate` rewrites it as an iceberg { } block');
    expect(warnings.some((w) => w.startsWith("definitions/daily_hits.sqlx:7:3: warning foreign-config: requirePartitionFilter is ignored"))).toBe(true);
    expect(warnings.some((w) => w.startsWith("definitions/country_summary.sqlx:3:3: warning foreign-config: materialized: true is ignored"))).toBe(true);
  });

  it("maps partitionBy, clusterBy and labels onto the Iceberg table", () => {
    const users = kinded(get("users"), "table");
    expect(users.iceberg).toEqual({ partitioning: ["day(first_seen)"], sortedBy: ["country"] });
    expect(users.description).toBe("labels: team=web, tier=silver");
    const daily = kinded(get("daily_hits"), "incremental");
    expect(daily.iceberg).toEqual({ partitioning: ["month(day)"], sortedBy: ["country"] });
    expect(daily.updatePartitionFilter).toBe("day >= current_date - INTERVAL '7' DAY");
  });

  it("keeps the rest of a config that has warehouse keys: dependencies, flags and assertions", () => {
    const sessions = kinded(get("sessions"), "table");
    expect(sessions.dependencies).toContain("lake.web.purge_bots");
    expect(sessions.dependencies).toContain("lake.web_checks.web_users_assertions_uniqueKey_0");
    expect(sessions.tags).toEqual(["daily"]);
    expect(get("web_sessions_assertions_uniqueKey_0")?.kind).toBe("assertion");
  });

  it("keeps the rest of a config whose error is a real mistake", () => {
    const c = compile({
      "definitions/a.sqlx": 'config { type: "table" }\nSELECT 1 AS id',
      "definitions/b.sqlx": 'config { type: "table", dependencies: ["a"], assertions: { uniqueKey: ["id"], nonNull: 7 }, partitonBy: "x" }\nSELECT 1 AS id',
    });
    expect(c.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`)).toEqual([
      'invalid-config "assertions.nonNull": Invalid input',
      'unknown-config-key unknown key "partitonBy" in table config',
    ]);
    expect(c.byName("b")?.dependencies).toEqual(["lake.s.a"]);
    expect(c.byName("s_b_assertions_uniqueKey_0")?.kind).toBe("assertion");
  });

  it("maps BigQuery partition expressions only where Iceberg partitions the same way", () => {
    expect(mapBigQueryPartition("DATE(ts)")).toEqual({ transform: "day(ts)" });
    expect(mapBigQueryPartition("order_date")).toEqual({ transform: "day(order_date)" });
    expect(mapBigQueryPartition("TIMESTAMP_TRUNC(ts, HOUR)")).toEqual({ transform: "hour(ts)" });
    expect(mapBigQueryPartition("datetime_trunc(`ts`, month)")).toEqual({ transform: "month(ts)" });
    expect(mapBigQueryPartition("DATE_TRUNC(d, YEAR)")).toEqual({ transform: "year(d)" });
    expect(mapBigQueryPartition("RANGE_BUCKET(customer_id, GENERATE_ARRAY(0, 100000, 1000))")).toEqual({ transform: "truncate(customer_id, 1000)" });
    expect(mapBigQueryPartition("RANGE_BUCKET(customer_id, GENERATE_ARRAY(5, 100, 10))")).toHaveProperty("reason");
    expect(mapBigQueryPartition("TIMESTAMP_TRUNC(ts, WEEK)")).toHaveProperty("reason");
    expect(mapBigQueryPartition("_PARTITIONDATE")).toHaveProperty("reason");
  });

  it("maps Redshift sort keys and Snowflake cluster keys to sortedBy", () => {
    const c = compile({
      "definitions/r.sqlx": 'config { type: "table", redshift: { distKey: "id", sortKeys: ["ts"] } }\nSELECT 1 AS id',
      "definitions/w.sqlx": 'config { type: "table", snowflake: { transient: true, clusterBy: ["id"] } }\nSELECT 1 AS id',
    });
    expect(c.messages.filter((m) => m.includes(" error "))).toEqual([]);
    expect(kinded(c.byName("r"), "table").iceberg.sortedBy).toEqual(["ts"]);
    expect(kinded(c.byName("w"), "table").iceberg.sortedBy).toEqual(["id"]);
  });
});

describe("class 2: a settings problem never discards the rest of the settings", () => {
  it("accepts a foreign warehouse and v3-only keys with warnings, keeping vars and targets", () => {
    const r = parseProjectSettings([{ name: "dataform.json", text: '{\n  "warehouse": "bigquery",\n  "defaultDatabase": "lake",\n  "vars": { "a": "1" }\n}' }]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'dataform.json:2:3: warning foreign-settings: "warehouse": "bigquery" is ignored: Lakeform compiles for Trino — set "warehouse": "trino" (lakeform migrate does); "bigquery"-specific SQL needs translating too',
    ]);
    expect([r.settings.defaultDatabase, r.settings.vars]).toEqual(["lake", { a: "1" }]);
    const y = parseProjectSettings([{ name: "workflow_settings.yaml", text: "defaultProject: lake\ndefaultNotebookRuntimeOptions:\n  outputBucket: gs://b\nvars:\n  a: '1'\n" }]);
    expect(y.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning foreign-settings"]);
    expect([y.settings.defaultDatabase, y.settings.vars]).toEqual(["lake", { a: "1" }]);
  });

  it("reports a real mistake as an error but keeps the valid keys", () => {
    const r = parseProjectSettings([{ name: "dataform.json", text: '{ "defaultSchemma": "x", "defaultDatabase": "lake", "vars": { "a": "1" } }' }]);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["unknown-settings-key"]);
    expect([r.settings.defaultDatabase, r.settings.vars]).toEqual(["lake", { a: "1" }]);
  });
});

describe("class 3: require() resolves like Dataform's sandbox", () => {
  it("reports a module that is nowhere, naming where it looked", () => {
    const c = compile({ "definitions/a.js": 'require("missing-package");' });
    expect(c.messages).toEqual(["definitions/a.js:1:1: error evaluation-error: Cannot find module 'missing-package' from definitions/a.js (looked in the project and its node_modules)"]);
  });

  it("loads JSON, the project's own package entry point and packages in node_modules", () => {
    const r = compileProject(resolve(FIXTURES, "require-forms"), { quoting: trinoQuoting });
    expect(r.diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    expect(r.graph.actions.map((a) => a.key)).toEqual(["lake.raw.events", "lake.web.channel_events", "lake.web.sessions", "lake.web_checks.sessions_has_rows"]);
  });
});

describe("class 4: dependOnDependencyAssertions includes hand-written assertions", () => {
  it("adds an assertion that reads a dependency, as Dataform does", () => {
    const c = compile({
      "definitions/up.sqlx": 'config { type: "table" }\nSELECT 1 AS id',
      "definitions/up_not_empty.sqlx": 'config { type: "assertion" }\nSELECT 1 FROM ${ref("up")} HAVING count(*) = 0',
      "definitions/t.sqlx": 'config { type: "table", dependOnDependencyAssertions: true }\nSELECT * FROM ${ref("up")}',
    });
    expect(c.messages).toEqual([]);
    expect(c.byName("t")?.dependencies).toEqual(["lake.qa.up_not_empty", "lake.s.up"]);
  });
});

describe("class 5: publish().config({ type }) sets the kind (Dataform 2's JS API)", () => {
  it("builds a table with a uniqueKey assertion rather than a view", () => {
    const c = compile({
      "definitions/t.js": 'publish("t1").config({ type: "table", assertions: { uniqueKey: ["id"] } }).query("SELECT 1 AS id");\npublish("t2").config({ type: "incremental", uniqueKey: ["id"] }).query("SELECT 1 AS id");',
    });
    expect(c.messages).toEqual([]);
    expect(c.byName("t1")?.kind).toBe("table");
    expect(kinded(c.byName("t2"), "incremental").uniqueKey).toEqual(["id"]);
  });
});

describe("class 6: definitions/actions.yaml", () => {
  it("compiles YAML actions with their .sql files, and skips notebooks with a warning", () => {
    const c = compile({
      "definitions/actions.yaml": "actions:\n  - table:\n      filename: a.sql\n      assertions:\n        uniqueKeys:\n          - uniqueKey: [id]\n  - notebook:\n      filename: explore.ipynb\n  - view:\n      filename: missing.sql\n",
      "definitions/a.sql": "SELECT 1 AS id",
      "definitions/explore.ipynb": '{"cells": []}',
    });
    expect(c.messages).toEqual([
      "definitions/actions.yaml:8:17: warning unsupported-action: notebook action explore.ipynb is skipped: notebook actions (.ipynb) do not run on Trino — run it outside Lakeform, or rewrite it as SQL",
      "definitions/actions.yaml:10:17: error missing-file: view action points at definitions/missing.sql, which does not exist",
    ]);
    expect(kinded(c.byName("a"), "table").query).toBe("SELECT 1 AS id");
    expect(c.byName("s_a_assertions_uniqueKey_0")?.kind).toBe("assertion");
  });
});

describe("class 7: assertions.uniqueKey in the nested form", () => {
  it("is one unique-key assertion per inner list", () => {
    const c = compile({ "definitions/t.sqlx": 'config { type: "table", assertions: { uniqueKey: [["a"], ["b", "c"]] } }\nSELECT 1 AS a, 2 AS b, 3 AS c' });
    expect(c.messages).toEqual([]);
    expect(c.graph.actions.filter((a) => a.kind === "assertion").map((a) => a.target.name)).toEqual(["s_t_assertions_uniqueKey_0", "s_t_assertions_uniqueKey_1"]);
  });
});

describe("class 8: ref() case, decided for Trino (which folds names to lower case)", () => {
  it("finds a target whatever the case of the ref", () => {
    const c = compile({
      "definitions/orders.sqlx": 'config { type: "table" }\nSELECT 1 AS id',
      "definitions/t.sqlx": 'config { type: "view" }\nSELECT * FROM ${ref("Orders")} JOIN ${ref("S", "ORDERS")} USING (id)',
    });
    expect(c.messages).toEqual([]);
    expect(c.byName("t")?.dependencies).toEqual(["lake.s.orders"]);
  });

  it("reports two targets that differ only by case as one table defined twice", () => {
    const c = compile({
      "definitions/a.sqlx": 'config { type: "table", name: "Orders" }\nSELECT 1 AS id',
      "definitions/b.sqlx": 'config { type: "table", name: "orders" }\nSELECT 1 AS id',
    });
    expect(c.diagnostics.map((d) => d.code)).toEqual(["duplicate-target"]);
  });
});
