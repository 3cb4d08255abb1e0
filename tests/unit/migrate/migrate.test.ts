import { describe, expect, it } from "vitest";
import { migrateProject, migrateSqlx } from "../../../src/migrate/migrate-project.js";
import { rewriteSettings } from "../../../src/migrate/rewrite-settings.js";
import { splitSqlx } from "../../../src/migrate/sqlx-sections.js";
import { translateSql } from "../../../src/migrate/transpile-sql.js";

const bq = (sql: string) => translateSql(sql, { from: "bigquery", catalogs: { "acme-prod": "iceberg" } });

describe("BigQuery SQL → Trino (polyglot plus Lakeform's fix-ups)", () => {
  it("translates the constructs polyglot handles", () => {
    const r = bq("SELECT SAFE_CAST(x AS INT64) AS a, DATE_TRUNC(d, MONTH) AS m, IFNULL(c, 0) AS c, COUNTIF(b) AS n FROM t");
    expect(r.problems).toEqual([]);
    expect(r.sql).toContain("TRY_CAST(x AS BIGINT)");
    expect(r.sql).toContain("DATE_TRUNC('MONTH', d)");
    expect(r.sql).toContain("COALESCE(c, 0)");
    expect(r.sql).toContain("COUNT_IF(b)");
  });

  it("rewrites a comma UNNEST as CROSS JOIN UNNEST and QUALIFY as a filtered subquery", () => {
    expect(bq("SELECT x FROM t, UNNEST(t.items) AS x").sql).toMatch(/CROSS JOIN UNNEST\(t\.items\) AS _t0\(x\)/);
    const q = bq("SELECT a FROM t WHERE b > 0 QUALIFY ROW_NUMBER() OVER (PARTITION BY a ORDER BY c DESC) = 1");
    expect(q.sql).not.toMatch(/QUALIFY/i);
    expect(q.sql).toMatch(/WHERE\s+_w = 1/);
  });

  it("splits backticked project.dataset.table names (polyglot makes them one identifier) and maps the project", () => {
    const r = bq("SELECT * FROM `acme-prod.sales.orders` JOIN `other-proj.x.y` USING (id)");
    expect(r.sql).toContain('"iceberg"."sales"."orders"');
    expect(r.sql).toContain('"other-proj"."x"."y"');
  });

  it("fixes what polyglot leaves invalid for Trino", () => {
    const r = bq(
      "SELECT TIMESTAMP_TRUNC(ts, HOUR) AS h, DATE_DIFF(a, b, DAY) AS n, FORMAT_DATE('%Y-%m', d) AS f, PARSE_DATE('%Y%m%d', s) AS p,\n" +
        "  ARRAY_AGG(x ORDER BY y LIMIT 3) AS top, STRING_AGG(s, ',' ORDER BY s) AS names, EXTRACT(DAYOFWEEK FROM d) AS dow, LAST_DAY(d) AS eom FROM t",
    );
    expect(r.problems).toEqual([]);
    expect(r.sql).toContain("date_trunc('hour', ts)");
    expect(r.sql).toContain("date_diff('day', b, a)");
    expect(r.sql).toContain("date_format(d, '%Y-%m')");
    expect(r.sql).toContain("CAST(date_parse(s, '%Y%m%d') AS DATE)");
    expect(r.sql).toContain("slice(array_agg(x ORDER BY y), 1, 3)");
    expect(r.sql).toMatch(/array_join\(array_agg\(s ORDER BY s( NULLS FIRST)?\), ','\)/);
    expect(r.sql).toContain("(day_of_week(d) % 7 + 1)");
    expect(r.sql).toContain("last_day_of_month(d)");
  });

  it("leaves ${…} JavaScript untouched, in table, value, string and clause positions", () => {
    const sqlx = 'SELECT a, ${constants.X} AS x FROM ${ref("t")}\nWHERE d >= \'${constants.START}\'\n${when(incremental(), `AND ts > (SELECT max(ts) FROM ${self()})`)}';
    const r = bq(sqlx);
    expect(r.problems).toEqual([]);
    for (const expr of ["${constants.X}", '${ref("t")}', "'${constants.START}'", "${when(incremental(), `AND ts > (SELECT max(ts) FROM ${self()})`)}"]) expect(r.sql).toContain(expr);
  });

  it("reports, with the line, what it cannot translate", () => {
    const r = bq("SELECT\n  * EXCEPT (secret)\nFROM t\nWHERE email LIKE '%@x.com' AND id IN UNNEST(@ids)");
    expect(r.problems.map((p) => [p.line, p.message.split(":")[0]])).toEqual([
      [2, "not translated"],
      [4, "not translated"],
      [4, "not translated"],
    ]);
    expect(r.problems.map((p) => p.message).join("\n")).toMatch(/EXCEPT[\s\S]*IN UNNEST[\s\S]*parameters/);
    expect(bq("SELECT STRUCT(a AS x, b AS y) AS s FROM t").problems[0]?.message).toMatch(/STRUCT/);
    expect(bq("SELECT STRUCT(1 AS a, 'x' AS b) AS s").problems).toEqual([]); // literals: typed CAST(ROW(…) AS ROW(…))
    expect(bq("SELECT n FROM (SELECT k AS n FROM t WHERE k > 0 QUALIFY ROW_NUMBER() OVER (PARTITION BY k) = 1)").problems[0]?.message).toMatch(/QUALIFY inside a subquery/);
    expect(bq("SELECT FROM WHERE").problems[0]?.message).toMatch(/does not parse/);
    // Any function Trino 476 does not have (its SHOW FUNCTIONS list), e.g. Snowflake's TO_VARCHAR polyglot keeps.
    expect(translateSql("SELECT TO_VARCHAR(n) AS s FROM t", { from: "snowflake" }).problems).toEqual([{ line: 1, message: "not translated: TO_VARCHAR() is not a Trino 476 function" }]);
  });

  it("never loses a ${…} expression: a clause the rewrite drops is reported and the SQL kept", () => {
    // polyglot drops the comment standing for the clause when it rewrites the comma join.
    const sql = 'SELECT x FROM ${ref("t")} AS t, UNNEST(t.items) AS x ${when(incremental(), `WHERE t.ts > 1`)} GROUP BY x';
    const r = bq(sql);
    expect(r.sql).toBe(sql);
    expect(r.problems[0]?.message).toMatch(/dropped the JavaScript expression/);
  });
});

describe("SQLX files", () => {
  const file = [
    "config {",
    '  type: "incremental", // merged daily',
    '  uniqueKey: ["id"],',
    '  bigquery: { partitionBy: "DATE(ts)", clusterBy: ["id"] },',
    '  database: "acme-prod"',
    "}",
    "js { const n = 1; }",
    "pre_operations {",
    '  DELETE FROM ${self()} WHERE SAFE_CAST(id AS INT64) IS NULL',
    "}",
    'SELECT id, ts FROM `acme-prod.raw.events`, UNNEST(tags) AS tag',
  ].join("\n");

  it("cuts a file into config, js, operations and SQL sections", () => {
    expect(splitSqlx(file).map((s) => s.kind)).toEqual(["config", "sql", "js", "sql", "pre_operations", "sql"]);
  });

  it("rewrites config and SQL, keeping unchanged config entries as written", () => {
    const r = migrateSqlx("definitions/e.sqlx", file, { from: "bigquery", catalog: "iceberg" }, { "acme-prod": "iceberg" });
    expect(r.problems).toEqual([]);
    expect(r.text).toContain('type: "incremental", // merged daily');
    expect(r.text).toContain('iceberg: { partitioning: ["day(ts)"], sortedBy: ["id"] }');
    expect(r.text).toContain('database: "iceberg"');
    expect(r.text).not.toContain("bigquery");
    expect(r.text).toContain("js { const n = 1; }");
    expect(r.text).toContain("TRY_CAST(id AS BIGINT)");
    expect(r.text).toContain('FROM "iceberg"."raw"."events"');
    expect(r.changes.map((c) => c.line)).toEqual([4, 4, 5, 9, 11]);
  });

  it("translates the SQL held in config: updatePartitionFilter and rowConditions", () => {
    const text = 'config {\n  type: "incremental",\n  bigquery: { updatePartitionFilter: "ts >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL 7 DAY)" },\n  assertions: { rowConditions: ["SAFE_CAST(id AS INT64) IS NOT NULL"] }\n}\nSELECT 1 AS id';
    const r = migrateSqlx("definitions/e.sqlx", text, { from: "bigquery", catalog: "iceberg" }, {});
    expect(r.problems).toEqual([]);
    expect(r.text).toContain("updatePartitionFilter: \"ts >= date_add('day', -(CAST('7' AS BIGINT)), CURRENT_TIMESTAMP)\"");
    expect(r.text).toContain('rowConditions: ["TRY_CAST(id AS BIGINT) IS NOT NULL"]');
  });

  it("reports SQL in JavaScript files instead of rewriting it", () => {
    const [, js] = migrateProject(
      { settings: [{ name: "dataform.json", text: '{ "warehouse": "bigquery", "defaultDatabase": "acme-prod" }' }], files: [{ path: "definitions/a.js", text: 'publish("a").query(ctx => `SELECT SAFE_CAST(x AS INT64) FROM t`);' }] },
      { from: "bigquery", catalog: "iceberg" },
    );
    expect(js?.problems).toEqual([{ line: 1, message: "not translated: SQL in JavaScript is left as written (SAFE_CAST)" }]);
  });
});

describe("settings", () => {
  it("dataform.json: warehouse trino, project → catalog, warehouse-only keys removed", () => {
    const r = rewriteSettings("dataform.json", '{\n  "warehouse": "bigquery",\n  "defaultDatabase": "acme-prod",\n  "defaultSchema": "sales",\n  "useRunCache": true\n}\n', "iceberg");
    expect(JSON.parse(r.text ?? "{}")).toEqual({ warehouse: "trino", defaultDatabase: "iceberg", defaultSchema: "sales" });
    expect(r.project).toBe("acme-prod");
    expect(r.changes.map((c) => c.line)).toEqual([2, 3, 5]);
  });

  it("workflow_settings.yaml keeps its comments", () => {
    const r = rewriteSettings("workflow_settings.yaml", "# ours\ndefaultProject: acme-prod # the GCP project\ndefaultDataset: sales\ndefaultReservation: r1\n", "lake");
    expect(r.text).toContain("# ours");
    expect(r.text).toContain("defaultProject: lake");
    expect(r.text).not.toContain("defaultReservation");
  });
});
