import { parquetMetadata, parquetReadObjects } from "hyparquet";
import { describe, expect, it } from "vitest";
import { AvroTimestamp } from "../../../../src/ingest/avro/timestamp.js";
import { fileBronzeColumns, tableLocationOf } from "../../../../src/ingest/files/file-sql.js";
import { ColumnBuilder, landingColumns, packColumns, parquetElements, parquetLandable, unscaledDecimal, unscaledDecimalNumber, type PackedColumn, type ParquetElement } from "../../../../src/ingest/files/parquet-columns.js";
import type { PayloadColumn } from "../../../../src/ingest/avro/to-trino.js";
import { encodeLanding, landingTable } from "../../../../src/ingest/parquet/landing-encode.js";

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
const schema = parquetElements(columns);

/**
 * The exact values the encoder would write, column by column, read from the Arrow buffers it
 * builds (INT64, timestamps and decimals as bigints from their two's-complement words, dates as
 * days, booleans from their bits, byte arrays as Buffers).
 */
function written(packed: readonly PackedColumn[]): unknown[][] {
  const table = landingTable(schema, packed);
  return (schema.slice(1) as ParquetElement[]).map((e, ci) => {
    const vector = table.getChildAt(ci)!;
    const data = vector.data[0]!;
    const words = data.values as unknown as Uint32Array;
    const big = (i: number, n: number): bigint => {
      let v = 0n;
      for (let w = n - 1; w >= 0; w--) v = (v << 32n) | BigInt(new Uint32Array(words.buffer, words.byteOffset, words.length * (words.BYTES_PER_ELEMENT / 4))[i * n + w]!);
      return BigInt.asIntN(n * 32, v);
    };
    const out: unknown[] = [];
    for (let i = 0; i < vector.length; i++) {
      if (!vector.isValid(i)) out.push(null);
      else if (e.converted_type === "DECIMAL") out.push(big(i, 4));
      else if (e.type === "INT64") out.push(big(i, 2));
      else if (e.type === "INT32") out.push((data.values as unknown as Int32Array)[i]);
      else if (e.type === "BYTE_ARRAY" && !e.converted_type) out.push(Buffer.from(vector.get(i) as Uint8Array));
      else out.push(vector.get(i));
    }
    return out;
  });
}

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

describe("packColumns → the encoder's Arrow columns", () => {
  it("moves numbers in typed arrays, keeps nulls, sends constants once and big integers exactly", () => {
    const rows = [
      [1, "a", 3, "1.50", "1.0000", "2024-02-29", when, true, 0.5, Buffer.from("x")],
      [2n ** 60n, null, null, null, null, null, null, false, null, null],
    ];
    const packed = packColumns(columns, payload.length, rows, [2, 5], constants);
    // payload columns, then _file, _file_etag, _line, _file_modified, _ingested_at, _batch_end_line, _file_done
    expect(packed.map((p) => p.t)).toEqual(["any", "dict", "num", "num", "any", "num", "num", "num", "num", "any", "const", "const", "num", "const", "const", "const", "const"]);
    const data = written(packed);
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
    const data = written(packed);
    expect(data[0]?.length).toBe(3000);
    expect([data[0]?.[1999], data[0]?.[2000], data[0]?.[2999]]).toEqual([1999n, 2n ** 62n, 2999n]);
    expect([data[2]?.[0], data[2]?.[1], data[2]?.[2999]]).toEqual([null, 1, 2999]);
    expect([data[7]?.[0], data[7]?.[1]]).toEqual([true, false]);
    expect([data[12]?.[0], data[12]?.[2999]]).toEqual([2n, 3001n]);
    expect(data[15]).toEqual(new Array(3000).fill(9n));
  });

  it("keeps text as codes into the batch's distinct strings, and as one string per row past 32,768 of them", () => {
    const text = (i: number, distinct: number) => (i % 3 === 0 ? null : `n${i % distinct}`);
    for (const distinct of [5, 50_000]) {
      const b = new ColumnBuilder(columns, payload.length, 16);
      for (let i = 0; i < 50_000; i++) b.push([i, text(i, distinct), null, null, null, null, null, null, null, null], i + 2);
      const packed = b.pack(constants);
      expect(packed[1]?.t, `${distinct} distinct`).toBe(distinct === 5 ? "dict" : "any");
      if (packed[1]?.t === "dict") expect(packed[1].values).toEqual(["n1", "n2", "n4", "n0", "n3"]);
      expect(written(packed)[1], `${distinct} distinct`).toEqual(Array.from({ length: 50_000 }, (_, i) => text(i, distinct)));
    }
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
    const bytes = encodeLanding(schema, packColumns(columns, payload.length, rows, [2, 3], constants));
    const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const meta = parquetMetadata(buf);
    expect(Number(meta.num_rows)).toBe(2);
    const leaves = meta.schema.slice(1).map((e) => [e.name, e.type, e.logical_type ? JSON.stringify(e.logical_type) : e.converted_type]);
    expect(leaves).toEqual([
      ["id", "INT64", undefined],
      ["nome", "BYTE_ARRAY", '{"type":"STRING"}'],
      ["qtd", "INT32", undefined],
      ["valor", "INT64", '{"type":"DECIMAL","scale":2,"precision":12}'],
      ["grande", "FIXED_LEN_BYTE_ARRAY", '{"type":"DECIMAL","scale":4,"precision":30}'],
      ["dia", "INT32", '{"type":"DATE"}'],
      ["quando", "INT64", '{"type":"TIMESTAMP","isAdjustedToUTC":true,"unit":"MICROS"}'],
      ["ok", "BOOLEAN", undefined],
      ["taxa", "DOUBLE", undefined],
      ["bruto", "BYTE_ARRAY", undefined],
      ["_file", "BYTE_ARRAY", '{"type":"STRING"}'],
      ["_file_etag", "BYTE_ARRAY", '{"type":"STRING"}'],
      ["_line", "INT64", undefined],
      ["_file_modified", "INT64", '{"type":"TIMESTAMP","isAdjustedToUTC":true,"unit":"MICROS"}'],
      ["_ingested_at", "INT64", '{"type":"TIMESTAMP","isAdjustedToUTC":true,"unit":"MICROS"}'],
      ["_batch_end_line", "INT64", undefined],
      ["_file_done", "BOOLEAN", undefined],
    ]);
    // Iceberg's width for DECIMAL(30, 4): the fewest bytes that hold 30 digits
    expect(meta.schema.find((e) => e.name === "grande")?.type_length).toBe(13);
    // dictionaries for text, bytes and the batch's constants only (see dictionaryEncoded; the
    // writer never builds one for BOOLEAN)
    const dictionaries = meta.row_groups[0]!.columns.filter((c) => c.meta_data?.dictionary_page_offset !== undefined).map((c) => c.meta_data?.path_in_schema.join("."));
    expect(dictionaries).toEqual(["nome", "bruto", "_file", "_file_etag", "_file_modified", "_ingested_at", "_batch_end_line"]);
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
