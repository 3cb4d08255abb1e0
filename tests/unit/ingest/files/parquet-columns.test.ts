import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { AvroTimestamp } from "../../../../src/ingest/avro/timestamp.js";
import { fileBronzeColumns, tableLocationOf } from "../../../../src/ingest/files/file-sql.js";
import { ColumnBuilder, landingColumns, packColumns, parquetElements, parquetLandable, unpackColumns, unscaledDecimal, unscaledDecimalNumber } from "../../../../src/ingest/files/parquet-columns.js";
import type { PayloadColumn } from "../../../../src/ingest/avro/to-trino.js";
import { encode } from "../../../../src/ingest/parquet/encode-worker.js";

const col = (name: string, type: PayloadColumn["type"]): PayloadColumn => ({ name, type, path: [name], nullable: true });
const payload = [
  col("id", { kind: "bigint" }),
  col("nome", { kind: "varchar" }),
  col("qtd", { kind: "integer" }),
  col("valor", { kind: "decimal", precision: 12, scale: 2 }),
  col("grande", { kind: "decimal", precision: 30, scale: 4 }),
  col("dia", { kind: "date" }),
  col("quando", { kind: "timestamptz" }),
  col("ok", { kind: "boolean" }),
  col("taxa", { kind: "double" }),
  col("bruto", { kind: "varbinary" }),
];
const columns = landingColumns(fileBronzeColumns({ payloadColumns: payload }));
const when = new AvroTimestamp(1_700_000_000_123_456n);
const constants = { _file: "s3://landing/v/a.csv", _file_etag: "e1", _file_modified: when, _ingested_at: when, _batch_end_line: 9, _file_done: true };

describe("unscaledDecimalNumber (the converter's fast path)", () => {
  it("gives the general path's value as a number up to 15 digits, and a bigint beyond 2^53", () => {
    expect(unscaledDecimalNumber("12.5", 2)).toBe(1250);
    expect(unscaledDecimalNumber("-0.01", 2)).toBe(-1);
    expect(unscaledDecimalNumber("7", 0)).toBe(7);
    expect(unscaledDecimalNumber("1.230", 2)).toBe(123);
    expect(unscaledDecimalNumber("9999999999999.99", 2)).toBe(999999999999999);
    expect(unscaledDecimalNumber("99999999999999.99", 2)).toBe(9999999999999999n);
    expect(unscaledDecimalNumber("123456789012345678901234.5678", 4)).toBe(1234567890123456789012345678n);
    expect(() => unscaledDecimalNumber("1.234", 2)).toThrow("more than 2 decimal places");
    expect(() => unscaledDecimalNumber("abc", 2)).toThrow('cannot write "abc" as decimal');
    expect(() => unscaledDecimalNumber("", 2)).toThrow("as decimal");
  });

  it("agrees with unscaledDecimal on every spelling of a grid (same value, or both refuse)", () => {
    const texts = ["0", "-0", "00", "1", "+1", "-1", ".5", "5.", "-.5", "1.5", "1.50", "1.500", "1.505", "12.34", "-12.34", "1..2", "1.2.3", "1e3", " 1", "1 ", "-", ".", "123456789012.34", "1234567890123.4", "000000000000001.5"];
    let compared = 0;
    for (const t of texts)
      for (const scale of [0, 2, 4]) {
        let general: { v: number | bigint } | { e: string };
        try {
          const b = unscaledDecimal(t, scale);
          general = { v: b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b };
        } catch (e) {
          general = { e: (e as Error).message };
        }
        let fast: { v: number | bigint } | { e: string };
        try {
          const v = unscaledDecimalNumber(t, scale);
          fast = { v: Object.is(v, -0) ? 0 : v };
        } catch (e) {
          fast = { e: (e as Error).message };
        }
        expect(fast, `${JSON.stringify(t)} at scale ${scale}`).toEqual(general);
        compared++;
      }
    expect(compared).toBe(texts.length * 3);
  });
});

describe("unscaledDecimal", () => {
  it("scales exactly and refuses what would round", () => {
    expect(unscaledDecimal("12.5", 2)).toBe(1250n);
    expect(unscaledDecimal("-0.01", 2)).toBe(-1n);
    expect(unscaledDecimal("7", 0)).toBe(7n);
    expect(unscaledDecimal("1.230", 2)).toBe(123n);
    expect(unscaledDecimal("123456789012345678901234.5678", 4)).toBe(1234567890123456789012345678n);
    expect(() => unscaledDecimal("1.234", 2)).toThrow("more than 2 decimal places");
    expect(() => unscaledDecimal("abc", 2)).toThrow('cannot write "abc" as decimal');
    expect(() => unscaledDecimal(".", 2)).toThrow("as decimal");
  });
});

describe("parquetLandable", () => {
  it("names the columns a flat Parquet file cannot hold", () => {
    expect(parquetLandable(fileBronzeColumns({ payloadColumns: payload }))).toBeUndefined();
    const nested = [col("a", { kind: "row", fields: [{ name: "x", source: "x", type: { kind: "integer" } }] }), col("b", { kind: "array", element: { kind: "varchar" } }), col("c", { kind: "varchar" })];
    expect(parquetLandable(fileBronzeColumns({ payloadColumns: nested }))).toBe("columns a (ROW), b (ARRAY) cannot be written as a flat Parquet column");
  });
});

describe("packColumns / unpackColumns", () => {
  it("moves numbers in typed arrays, keeps nulls, sends constants once and big integers exactly", () => {
    const rows = [
      [1, "a", 3, "1.50", "1.0000", "2024-02-29", when, true, 0.5, Buffer.from("x")],
      [2n ** 60n, null, null, null, null, null, null, false, null, null],
    ];
    const packed = packColumns(columns, payload.length, rows, [2, 5], constants);
    // payload columns, then _file, _file_etag, _line, _file_modified, _ingested_at, _batch_end_line, _file_done
    expect(packed.map((p) => p.t)).toEqual(["any", "any", "num", "num", "any", "num", "num", "num", "num", "any", "const", "const", "num", "const", "const", "const", "const"]);
    const data = unpackColumns(parquetElements(columns).slice(1) as never, packed);
    expect(data.map((c) => c[0])).toEqual([1n, "a", 3, 150n, 10000n, 19782, 1_700_000_000_123_456n, true, 0.5, Buffer.from("x"), "s3://landing/v/a.csv", "e1", 2n, 1_700_000_000_123_456n, 1_700_000_000_123_456n, 9n, true]);
    expect(data.map((c) => c[1])).toEqual([2n ** 60n, null, null, null, null, null, null, false, null, null, "s3://landing/v/a.csv", "e1", 5n, 1_700_000_000_123_456n, 1_700_000_000_123_456n, 9n, true]);
  });

  it("builds columns as rows arrive: grows past its capacity, keeps nulls, switches a column to plain values at the first big integer", () => {
    const b = new ColumnBuilder(columns, payload.length, 16);
    for (let i = 0; i < 3000; i++) b.push([i === 2000 ? 2n ** 62n : i, `n${i}`, i % 7 === 0 ? null : i, null, null, null, null, i % 2 === 0, null, null], i + 2);
    expect(b.rows).toBe(3000);
    const packed = b.pack(constants);
    expect(packed[0]?.t).toBe("any");
    expect(packed[2]?.t).toBe("num");
    const data = unpackColumns(parquetElements(columns).slice(1) as never, packed);
    expect(data[0]?.length).toBe(3000);
    expect([data[0]?.[1999], data[0]?.[2000], data[0]?.[2999]]).toEqual([1999n, 2n ** 62n, 2999n]);
    expect([data[2]?.[0], data[2]?.[1], data[2]?.[2999]]).toEqual([null, 1, 2999]);
    expect([data[7]?.[0], data[7]?.[1]]).toEqual([true, false]);
    expect([data[12]?.[0], data[12]?.[2999]]).toEqual([2n, 3001n]);
    expect(data[15]).toEqual(new Array(3000).fill(9n));
  });

  it("refuses a value the SQL path would refuse, naming it", () => {
    expect(() => packColumns(columns, payload.length, [[1, "a", 1.5, null, null, null, null, null, null, null]], [2], constants)).toThrow("cannot write number 1.5 as integer");
    expect(() => packColumns(columns, payload.length, [[1, "a", 1, null, null, "29/02/2024", null, null, null, null]], [2], constants)).toThrow("as date");
  });

  it("encodes a file whose columns read back as the values, with bronze's types", () => {
    const rows = [
      [1, "Ana", 3, "1234567890.12", "-12345678901234567890.1234", "1969-12-31", when, true, 1.25, Buffer.from([0, 255])],
      [2, null, null, null, null, null, null, null, null, null],
    ];
    const schema = parquetElements(columns);
    const bytes = encode({ schema, packed: packColumns(columns, payload.length, rows, [2, 3], constants) });
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(buf);
    expect(Number(meta.num_rows)).toBe(2);
    const leaves = meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? e.logical_type?.type]);
    expect(leaves).toContainEqual(["valor", "INT64", "DECIMAL"]);
    expect(leaves).toContainEqual(["grande", "FIXED_LEN_BYTE_ARRAY", "DECIMAL"]);
    expect(leaves).toContainEqual(["dia", "INT32", "DATE"]);
    expect(leaves).toContainEqual(["quando", "INT64", "TIMESTAMP"]);
    return parquetReadObjects({ file: buf, utf8: true }).then((objs) => {
      const [a, b] = objs as Record<string, unknown>[];
      expect(a).toMatchObject({ id: 1n, nome: "Ana", qtd: 3, ok: true, taxa: 1.25, _file: "s3://landing/v/a.csv", _file_etag: "e1", _line: 2n, _batch_end_line: 9n, _file_done: true });
      // hyparquet reads DECIMAL as a double: the exact unscaled value is checked in the test above
      expect(a?.["valor"]).toBeCloseTo(1234567890.12, 2);
      expect((a?.["dia"] as Date).toISOString()).toBe("1969-12-31T00:00:00.000Z");
      expect(b).toMatchObject({ id: 2n, nome: null, qtd: null, valor: null, grande: null, dia: null, quando: null, ok: null, _line: 3n });
    });
  });
});

describe("tableLocationOf", () => {
  it("reads the location property of SHOW CREATE TABLE", () => {
    const ddl = "CREATE TABLE iceberg.bronze.vendas (\n   id bigint\n)\nWITH (\n   format = 'PARQUET',\n   format_version = 2,\n   location = 's3://warehouse/bronze/vendas-1f2e/'\n)";
    expect(tableLocationOf(ddl)).toBe("s3://warehouse/bronze/vendas-1f2e");
    expect(tableLocationOf("CREATE TABLE x (a int)")).toBeUndefined();
  });
});
