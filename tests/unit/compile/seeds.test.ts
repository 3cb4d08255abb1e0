/**
 * Seeds (`seeds/<name>.csv` + optional `seeds/<name>.yaml`): parsing with csv-parse, declared and
 * inferred types, every mistake reported at its exact `file:line:col` with a fix, and the plan
 * (nothing for an unchanged seed, batches under the statement limit, the hash written last).
 */
import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { compileFiles } from "../../../src/compile/compile.js";
import type { SeedAction } from "../../../src/compile/graph.js";
import type { SourceFile } from "../../../src/compile/project-files.js";
import { buildPlan } from "../../../src/plan/plan.js";
import { EMPTY_STATE } from "../../../src/plan/introspection.js";
import { renderSeed, seedComment, storedSeedHash } from "../../../src/plan/seed.js";

const SETTINGS = [{ name: "dataform.json" as const, text: JSON.stringify({ warehouse: "trino", defaultDatabase: "lake", defaultSchema: "ref", assertionSchema: "quality" }) }];
const dialect = createTrinoDialect(loadMaterializations());

function compile(files: Record<string, string>) {
  const list: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text }));
  return compileFiles({ settings: SETTINGS, files: list.sort((a, b) => (a.path < b.path ? -1 : 1)) }, { quoting: trinoQuoting });
}

function seed(files: Record<string, string>, key = "lake.ref.mf"): SeedAction {
  const r = compile(files);
  expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
  const a = r.graph.actions.find((x) => x.key === key);
  if (a?.kind !== "seed") throw new Error(`no seed ${key}`);
  return a;
}

const MF = "codigo,municipio,uf,ha\n5107925,Sorriso,MT,90\n4104808,Cascavel,PR,18\n";

describe("seeds: compile", () => {
  it("types columns by inference (bigint, double, boolean, date, varchar) and keeps values as Trino casts them", () => {
    const a = seed({ "seeds/mf.csv": "i,d,b,dt,s,e\n1, 2.5 ,TRUE,2024-02-29,x,\n-7,.5,false,2024-03-01, y ,\n" });
    expect(a.seedColumns).toEqual([
      { name: "i", type: "bigint" },
      { name: "d", type: "double" },
      { name: "b", type: "boolean" },
      { name: "dt", type: "date" },
      { name: "s", type: "varchar" },
      { name: "e", type: "varchar" },
    ]);
    // Non-text values are trimmed and normalised; text keeps its blanks; an empty field is NULL.
    expect(a.rows).toEqual([
      ["1", "2.5", "true", "2024-02-29", "x", null],
      ["-7", "0.5", "false", "2024-03-01", " y ", null],
    ]);
  });

  it("takes types, docs, checks and partitioning from seeds/<name>.yaml", () => {
    const yaml = [
      "description: Módulos fiscais.",
      "columns:",
      "  codigo: { type: varchar(7), description: IBGE code }",
      "  ha:",
      "    type: decimal(5, 1)",
      "assertions:",
      "  uniqueKey: [uf, municipio]",
      "  nonNull: ha",
      "iceberg:",
      "  partitioning: [uf]",
      "",
    ].join("\n");
    const r = compile({ "seeds/mf.csv": MF, "seeds/mf.yaml": yaml });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const a = r.graph.actions.find((x) => x.key === "lake.ref.mf") as SeedAction;
    expect(a.description).toBe("Módulos fiscais.");
    expect(a.seedColumns.map((c) => `${c.name} ${c.type}`)).toEqual(["codigo varchar(7)", "municipio varchar", "uf varchar", "ha decimal(5,1)"]);
    expect(a.columns.map((c) => [c.path.join("."), c.description])).toEqual([["codigo", "IBGE code"], ["ha", undefined]]);
    expect(a.iceberg).toEqual({ partitioning: ["uf"] });
    const checks = r.graph.actions.filter((x) => x.kind === "assertion").map((x) => x.key);
    expect(checks).toEqual(["lake.quality.ref_mf_assertions_rowConditions", "lake.quality.ref_mf_assertions_uniqueKey_0"]);
  });

  it("is ref()-able: a model reading it depends on it", () => {
    const r = compile({ "seeds/mf.csv": MF, "definitions/m.sqlx": 'config { type: "table" }\nSELECT * FROM ${ref("mf")}\n' });
    expect(r.diagnostics).toEqual([]);
    const m = r.graph.actions.find((a) => a.key === "lake.ref.m");
    expect(m?.dependencies).toEqual(["lake.ref.mf"]);
    expect(m && "query" in m ? m.query : "").toContain('"lake"."ref"."mf"');
  });

  it("hashes the CSV and the YAML: any change to either changes the hash", () => {
    const base = seed({ "seeds/mf.csv": MF }).hash;
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(seed({ "seeds/mf.csv": MF }).hash).toBe(base);
    expect(seed({ "seeds/mf.csv": MF.replace("90", "91") }).hash).not.toBe(base);
    expect(seed({ "seeds/mf.csv": MF, "seeds/mf.yaml": "description: x\n" }).hash).not.toBe(base);
  });

  it("reads a custom delimiter, quoted delimiters, doubled quotes, line breaks in quotes and CRLF", () => {
    const a = seed({ "seeds/mf.csv": 'a;b\r\n"x;y";"say ""hi"""\r\n"two\nlines";z\r\n', "seeds/mf.yaml": 'delimiter: ";"\n' });
    expect(a.rows).toEqual([["x;y", 'say "hi"'], ["two\nlines", "z"]]);
  });
});

describe("seeds: mistakes, located", () => {
  it("reports each bad value at seeds/x.csv:LINE:COL, with the column's type and a fix", () => {
    const r = compile({
      "seeds/mf.csv": 'codigo,municipio,uf,ha,desde\n1,"Lucas\ndo Rio Verde",MT,1x0,2024-02-30\n2,Sinop,MT,  90,2024-01-01\n3,"Sor, riso",MT,9.5,2024-13-01\n',
      "seeds/mf.yaml": "columns:\n  ha: { type: integer }\n  desde:\n    type: date\n",
    });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'seeds/mf.csv:3:18: error seed-value: "1x0" in column "ha" is not an integer (the column is integer) — fix the value, or change the column\'s type in seeds/mf.yaml',
      'seeds/mf.csv:3:22: error seed-value: "2024-02-30" in column "desde" is not a date (YYYY-MM-DD) (the column is date) — fix the value, or change the column\'s type in seeds/mf.yaml',
      'seeds/mf.csv:5:18: error seed-value: "9.5" in column "ha" is not an integer (the column is integer) — fix the value, or change the column\'s type in seeds/mf.yaml',
      'seeds/mf.csv:5:22: error seed-value: "2024-13-01" in column "desde" is not a date (YYYY-MM-DD) (the column is date) — fix the value, or change the column\'s type in seeds/mf.yaml',
    ]);
  });

  it("checks ranges, decimals, lengths, booleans and time zones", () => {
    const r = compile({
      "seeds/mf.csv": "t,d,v,b,ts\n300,123.456,abc,yes,2024-01-01 10:00:00\n",
      "seeds/mf.yaml": "columns:\n  t: { type: tinyint }\n  d: { type: \"decimal(5,2)\" }\n  v: { type: varchar(2) }\n  b: { type: boolean }\n  ts: { type: timestamp(3) with time zone }\n",
    });
    expect(r.diagnostics.map((d) => `${d.location?.line}:${d.location?.column} ${d.message}`)).toEqual([
      '2:1 "300" in column "t" is out of range for tinyint [-128, 127] (the column is tinyint)',
      '2:5 "123.456" in column "d" has more than 2 decimal place(s) (decimal(5,2)) (the column is decimal(5,2))',
      '2:13 "abc" in column "v" is longer than 2 characters (the column is varchar(2))',
      '2:17 "yes" in column "b" is not a boolean (true or false) (the column is boolean)',
      '2:21 "2024-01-01 10:00:00" in column "ts" has no time zone (add e.g. UTC, Z or -03:00) (the column is timestamp(3) with time zone)',
    ]);
  });

  it("reports the CSV's shape, the header and the YAML's columns and types where they are written", () => {
    const r = compile({
      "seeds/mf.csv": "a,b,A,\n1,2,3,4\n5,6\n",
      "seeds/mf.yaml": "columns:\n  a: x\n  c: { description: typo }\n  b: { type: varchar2 }\n",
    });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'seeds/mf.csv:1:5: error seed-column: column "A" appears twice in the header (columns 1 and 3) — Trino folds names to lower case: rename one of them',
      "seeds/mf.csv:1:7: error seed-column: column 4 of seeds/mf.csv has no name — give every column a name in the header line",
      "seeds/mf.csv:3:1: error seed-csv: this line has 2 field(s), the header has 4 — quote values that contain the delimiter",
      'seeds/mf.yaml:3:3: error seed-column: seeds/mf.yaml documents column "c", which seeds/mf.csv does not have — did you mean "a"?',
      'seeds/mf.yaml:4:8: error seed-type: column "b": type "varchar2" is not supported in seeds — supported: boolean, tinyint, smallint, integer, bigint, real, double, decimal(p,s), varchar, varchar(n), date, timestamp(p), timestamp(p) with time zone',
    ]);
  });

  it("reports broken quoting with the line csv-parse stopped at, and unknown keys in the YAML", () => {
    const r = compile({ "seeds/mf.csv": 'a,b\n1,2\n"open,3\n', "seeds/mf.yaml": "descripton: x\n" });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "seeds/mf.csv:3:1: error seed-csv: seeds/mf.csv is not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 3 — quote fields that contain the delimiter, a quote (doubled: \"\") or a line break",
      'seeds/mf.yaml:1:1: error unknown-config-key: unknown key "descripton" in seed config — did you mean "description"?',
    ]);
  });

  it("warns about a seed YAML without its CSV, and refuses type: \"seed\" in a definition", () => {
    const r = compile({ "seeds/orphan.yaml": "description: x\n", "definitions/s.sqlx": 'config { type: "seed" }\nSELECT 1\n' });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      'definitions/s.sqlx:1:10: error unknown-action-type: type "seed" is for CSV files in seeds/, not for definitions — put the rows in seeds/<name>.csv (and types/docs in seeds/<name>.yaml)',
      "seeds/orphan.yaml:1:1: warning missing-file: seeds/orphan.yaml describes a seed, but seeds/orphan.csv does not exist — add seeds/orphan.csv (a header line, then one line per row), or delete seeds/orphan.yaml",
    ]);
  });
});

describe("seeds: plan", () => {
  const a = seed({ "seeds/mf.csv": MF, "seeds/mf.yaml": "description: Módulos.\n" });

  it("keeps the hash in the table comment, after the description", () => {
    const comment = seedComment(a.description, a.hash);
    expect(comment).toBe(`Módulos.\nlakeform-seed-sha256: ${a.hash}`);
    expect(storedSeedHash(comment)).toBe(a.hash);
    expect(storedSeedHash("Módulos.")).toBeUndefined();
    expect(storedSeedHash(null)).toBeUndefined();
  });

  it("does nothing when the table holds this content, rebuilds when it does not", () => {
    const table = { exists: true, kind: "table" as const };
    expect(renderSeed(dialect, a, table, { storedHash: a.hash })).toMatchObject({ mode: "seed-unchanged", statements: [] });
    expect(renderSeed(dialect, a, table, { storedHash: a.hash, fullRefresh: true }).mode).toBe("seed");
    expect(renderSeed(dialect, a, table, { storedHash: "0".repeat(64) }).statements.map((s) => s.role)).toEqual(["create"]);
    expect(renderSeed(dialect, a, { exists: false }, {}).statements[0]?.sql).toContain(`lakeform-seed-sha256: ${a.hash}'`);
  });

  it("batches a large seed under the statement limit: CREATE, INSERTs, then the hash", () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i},Município ${i} d'Oeste,MT,${i % 100}`).join("\n");
    const big = seed({ "seeds/mf.csv": `codigo,municipio,uf,ha\n${rows}\n` });
    const small = { ...dialect, maxStatementLength: 80_000 };
    const r = renderSeed(small, big, { exists: false }, {});
    expect(r.diagnostics).toEqual([]);
    const roles = r.statements.map((s) => s.role);
    expect(roles[0]).toBe("create");
    expect(roles.at(-1)).toBe("comment");
    expect(roles.filter((x) => x === "insert").length).toBeGreaterThan(1);
    for (const s of r.statements) expect(s.sql.length).toBeLessThanOrEqual(80_000);
    // every row once, in order, and only the last statement records the hash
    const values = r.statements.flatMap((s) => [...s.sql.matchAll(/^ {2}\('(\d+)'/gm)].map((m) => Number(m[1])));
    expect(values).toEqual(Array.from({ length: 3000 }, (_, i) => i));
    expect(r.statements.filter((s) => s.sql.includes("lakeform-seed-sha256")).map((s) => s.role)).toEqual(["comment"]);
  });

  it("is planned by run, with the snapshot read only when it writes", () => {
    const r = compile({ "seeds/mf.csv": MF });
    const key = "lake.ref.mf";
    const plan = buildPlan(dialect, r.graph, EMPTY_STATE, {});
    expect(plan.tasks.find((t) => t.key === key)?.statements.map((s) => s.role)).toEqual(["create", "snapshot-id"]);
    expect(plan.schemas.map((s) => s.sql)).toEqual([expect.stringContaining('"lake"."ref"')]);
    const hash = (r.graph.actions.find((x) => x.key === key) as SeedAction).hash;
    const state = { schemas: new Set(["lake.ref"]), relations: new Map([[key, { exists: true, kind: "table" as const }]]) };
    const again = buildPlan(dialect, r.graph, state, { seedHashes: new Map([[key, hash]]) });
    expect(again.tasks.find((t) => t.key === key)).toMatchObject({ mode: "seed-unchanged", statements: [], writesTable: false });
  });
});
