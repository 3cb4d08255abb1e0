import { describe, expect, it } from "vitest";
import {
  insertFromStagingSql,
  parquetSchema,
  ParquetUnsupportedError,
  parseJsonRow,
  stagingColumns,
  stagingType,
  toColumns,
} from "../../../src/ingest/parquet/staging.js";
import { parquetReadObjects } from "hyparquet";
import { writeParquet } from "../../../src/ingest/parquet/write-parquet.js";
import type { JsonColumn } from "../../../src/ingest/sql/json-rows.js";

const columns: JsonColumn[] = [
  { name: "id", type: { kind: "bigint" } },
  { name: "at", type: { kind: "timestamptz" } },
  { name: "loc", type: { kind: "row", fields: [{ name: "lat", source: "lat", type: { kind: "double" } }, { name: "uf", source: "uf", type: { kind: "varchar" } }] } },
  { name: "score", type: { kind: "real" } },
  { name: "_topic", type: { kind: "varchar" }, constant: "'t'" },
  { name: "_kafka_ts", type: { kind: "timestamptz" }, staging: "BIGINT", expr: "CAST(x AS TIMESTAMP(6) WITH TIME ZONE)" },
];

describe("Parquet sink: staging table and rows", () => {
  it("maps bronze types to staging types JSON and Parquet both carry exactly", () => {
    expect(stagingColumns(columns)).toEqual([
      { name: "id", type: { kind: "bigint" } },
      { name: "at", type: { kind: "varchar" } },
      { name: "loc", type: { kind: "row", fields: [{ name: "lat", type: { kind: "double" } }, { name: "uf", type: { kind: "varchar" } }] } },
      { name: "score", type: { kind: "double" } },
      { name: "_kafka_ts", type: { kind: "bigint" } },
    ]);
    expect(() => stagingType({ kind: "array", element: { kind: "varchar" } }, "tags")).toThrow(ParquetUnsupportedError);
    expect(() => stagingType({ kind: "row", fields: [{ name: "m", source: "m", type: { kind: "map", value: { kind: "integer" } } }] }, "r")).toThrow(/r\.m is MAP/);
  });

  it("parses JSON rows back exactly: SQL-escaped quotes, integers past 2^53, NaN as text", () => {
    const row = parseJsonRow(`[9007199254740993,"2026-01-01 00:00:00.000000 UTC",[-15.5,"Sant''Ana"],"NaN",1700000000000]`);
    expect(row[0]).toBe(9007199254740993n);
    expect(row[2]).toEqual([-15.5, "Sant'Ana"]);
    const [cols] = [stagingColumns(columns)];
    const data = toColumns(cols, [row, [1, null, null, 2.5, null]]);
    expect(data[0]).toEqual([9007199254740993n, 1n]);
    expect(data[2]).toEqual([{ lat: -15.5, uf: "Sant'Ana" }, null]);
    expect(Number.isNaN(data[3]![0])).toBe(true);
    expect(data[4]).toEqual([1700000000000n, null]);
    expect(() => toColumns(cols, [[1, 2, null, null, null]])).toThrow(/cannot write "2" as varchar \(at\)/);
  });

  it("flattens the Parquet schema with every field optional, and writes a file", async () => {
    const cols = stagingColumns(columns);
    expect(parquetSchema(cols).map((e) => `${e.name}:${e.type ?? `group(${e.num_children})`}`)).toEqual([
      "root:group(5)",
      "id:INT64",
      "at:BYTE_ARRAY",
      "loc:group(2)",
      "lat:DOUBLE",
      "uf:BYTE_ARRAY",
      "score:DOUBLE",
      "_kafka_ts:INT64",
    ]);
    const file = writeParquet(cols, [parseJsonRow(`[1,"2026-01-01 00:00:00.000000 UTC",[1.5,"GO"],2.5,1700000000000]`)]);
    expect(Buffer.from(file.subarray(0, 4)).toString()).toBe("PAR1");
    expect(Buffer.from(file.subarray(file.length - 4)).toString()).toBe("PAR1");
    // every column under its own name, the ROW as a group: read back
    const buf = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
    expect(await parquetReadObjects({ file: buf })).toEqual([{ id: 1n, at: "2026-01-01 00:00:00.000000 UTC", loc: { lat: 1.5, uf: "GO" }, score: 2.5, _kafka_ts: 1700000000000n }]);
  });

  it("selects the staged file with the JSON statement's casts and constants", () => {
    const sql = insertFromStagingSql({ catalog: "iceberg", schema: "bronze", table: "t" }, { catalog: "iceberg", schema: "bronze", table: "t__lakeform_staging" }, columns, "s3://w/x/part-0.parquet");
    expect(sql).toContain(`INSERT INTO "iceberg"."bronze"."t" ("id", "at", "loc", "score", "_topic", "_kafka_ts")`);
    expect(sql).toContain(`SELECT "id", CAST("at" AS TIMESTAMP(6) WITH TIME ZONE)`);
    expect(sql).toContain(`'t', CAST(x AS TIMESTAMP(6) WITH TIME ZONE)`);
    expect(sql).toContain(`FROM "iceberg"."bronze"."t__lakeform_staging"\nWHERE "$path" = 's3://w/x/part-0.parquet'`);
  });
});
