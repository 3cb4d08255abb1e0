import { describe, expect, it } from "vitest";
import { translateSql } from "../../../src/migrate/transpile-sql.js";
import { trino } from "../helpers.js";

// What `lakeform migrate` makes of BigQuery SQL, run on Trino 476: each expression must give the
// value BigQuery documents for it (the expected values are BigQuery's, from its function reference).
const client = trino();

const CASES: readonly (readonly [string, string, unknown])[] = [
  ["SAFE_CAST of a bad number is NULL", "SELECT SAFE_CAST('x' AS INT64) AS v", null],
  ["DATE_TRUNC to the month", "SELECT DATE_TRUNC(DATE '2024-03-15', MONTH) AS v", "2024-03-01"],
  ["TIMESTAMP_TRUNC to the hour", "SELECT TIMESTAMP_TRUNC(TIMESTAMP '2024-03-15 10:42:00', HOUR) = TIMESTAMP '2024-03-15 10:00:00' AS v", true],
  ["FORMAT_DATE", "SELECT FORMAT_DATE('%Y/%m/%d %A', DATE '2024-03-05') AS v", "2024/03/05 Tuesday"],
  ["PARSE_DATE", "SELECT PARSE_DATE('%Y%m%d', '20240305') AS v", "2024-03-05"],
  ["DATE_SUB", "SELECT DATE_SUB(DATE '2024-03-05', INTERVAL 3 DAY) AS v", "2024-03-02"],
  ["TIMESTAMP_SUB", "SELECT TIMESTAMP_SUB(TIMESTAMP '2024-03-05 10:00:00', INTERVAL 2 HOUR) = TIMESTAMP '2024-03-05 08:00:00' AS v", true],
  ["DATE_DIFF in days", "SELECT DATE_DIFF(DATE '2024-03-05', DATE '2024-03-01', DAY) AS v", 4],
  ["DAYOFWEEK counts from Sunday = 1", "SELECT EXTRACT(DAYOFWEEK FROM DATE '2024-03-03') AS v", 1],
  ["LAST_DAY of February in a leap year", "SELECT LAST_DAY(DATE '2024-02-10') AS v", "2024-02-29"],
  ["SAFE_DIVIDE by zero is NULL", "SELECT SAFE_DIVIDE(1, 0) AS v", null],
  ["ARRAY_AGG … ORDER BY … LIMIT", "SELECT ARRAY_AGG(x ORDER BY x DESC LIMIT 2) AS v FROM UNNEST([1, 2, 3]) AS x", [3, 2]],
  ["STRING_AGG with ORDER BY", "SELECT STRING_AGG(s, '-' ORDER BY s) AS v FROM UNNEST(['b', 'a', 'c']) AS s", "a-b-c"],
  ["STRUCT of literals keeps its field names", "SELECT STRUCT(1 AS a, 'x' AS b).b AS v", "x"],
  ["comma UNNEST joins each element", "SELECT COUNT(*) AS v FROM (SELECT [1, 2] AS xs UNION ALL SELECT [3]) AS t, UNNEST(t.xs) AS x", 3],
  ["QUALIFY keeps the first row per key", "SELECT k AS v FROM UNNEST([2, 2]) AS k WHERE k > 0 QUALIFY ROW_NUMBER() OVER (PARTITION BY k ORDER BY k) = 1", 2],
  ["IFNULL and COUNTIF", "SELECT COUNTIF(IFNULL(x, 0) = 0) AS v FROM UNNEST([1, NULL, 0]) AS x", 2],
];

describe("BigQuery SQL translated by lakeform migrate runs on Trino with BigQuery's results", () => {
  it.each(CASES)("%s", async (_name, bigquery, expected) => {
    const t = translateSql(bigquery, { from: "bigquery" });
    expect(t.problems).toEqual([]);
    const rows = (await client.query(`SELECT json_format(CAST(v AS JSON)) FROM (${t.sql}) AS q`)).rows;
    expect(JSON.parse(String(rows[0]?.[0] ?? "null"))).toEqual(expected);
  });
});
