import { describe, expect, it } from "vitest";
import type { PayloadColumn } from "../../../../src/ingest/avro/to-trino.js";
import { csvRecords } from "../../../../src/ingest/files/csv-records.js";
import type { CsvOptions } from "../../../../src/ingest/files/file-stream-decl.js";
import type { FileRecord } from "../../../../src/ingest/files/records.js";

const opts = (o: Partial<CsvOptions> = {}): CsvOptions => ({ header: true, delimiter: ",", quote: '"', escape: undefined, charset: "utf-8", nullValues: [""], decimal: ".", thousands: undefined, dateFormat: "iso", ...o });
const col = (name: string, kind: PayloadColumn["type"], nullable = true): PayloadColumn => ({ name, type: kind, path: [name], nullable });
const cols = [col("id", { kind: "integer" }, false), col("nome", { kind: "varchar" }), col("valor", { kind: "decimal", precision: 10, scale: 2 })];

async function read(bytes: Buffer, o: CsvOptions, chunk = 7, columns = cols): Promise<FileRecord[]> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: FileRecord[] = [];
  for await (const r of csvRecords(chunks, o, columns)) out.push(r);
  return out;
}

describe("csvRecords", () => {
  it("reads a header file with quoted newlines, in any chunking", async () => {
    const text = 'id,nome,valor\n1,"Ana\nMaria",10.5\n2,Bia,\n\n3,"Caio ""C""",7\n';
    for (const chunk of [1, 3, 7, 1000]) {
      expect(await read(Buffer.from(text), opts(), chunk)).toEqual([
        { line: 2, values: [1, "Ana\nMaria", "10.50"] },
        { line: 4, values: [2, "Bia", null] },
        { line: 6, values: [3, 'Caio "C"', "7.00"] },
      ]);
    }
  });

  it("numbers lines after blank lines and quoted line breaks of any kind, and decodes UTF-8 split across chunks", async () => {
    // "\r\n" inside a quoted field is one line break (csv-parse's own counter makes it two)
    const lf = 'id,nome,valor\n1,a,1\n\n2,"x\r\ny",2\n\n\n3,ação,3\n4,"b\rc\n\nd",4\n5,e,5';
    const crlf = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('id,nome,valor\r\n1,a,1\r\n\r\n2,"x\r\ny",2\r\n\r\n\r\n3,ação,3\r\n4,"b\rc\n\nd",4\r\n5,e,5')]);
    for (const [name, bytes] of [["LF", Buffer.from(lf)], ["CRLF with a BOM", crlf]] as const)
      for (const chunk of [1, 2, 3, 5, 8, 13, 1000]) {
        const r = await read(bytes, opts(), chunk);
        expect(r.map((x) => x.line), `${name}, chunks of ${chunk}`).toEqual([2, 4, 8, 9, 13]);
        expect(r.every((x) => "values" in x), `${name}, chunks of ${chunk}`).toBe(true);
        expect(r.map((x) => ("values" in x ? x.values[1] : undefined))).toEqual(["a", "x\r\ny", "ação", "b\rc\n\nd", "e"]);
      }
  });

  it("reads Brazilian latin1 files: ';', decimal comma, thousands dot", async () => {
    const text = Buffer.concat([Buffer.from("ID;NOME;VALOR\r\n1;Jo"), Buffer.from([0xe3]), Buffer.from("o;1.234,56\r\n2;Z;-0,5\r\n")]);
    expect(await read(text, opts({ delimiter: ";", charset: "windows-1252", decimal: ",", thousands: "." }))).toEqual([
      { line: 2, values: [1, "João", "1234.56"] },
      { line: 3, values: [2, "Z", "-0.50"] },
    ]);
  });

  it("dead-letters bad rows with their line and lands the rest", async () => {
    const text = Buffer.concat([
      Buffer.from('id,nome,valor\n1,a,1\n2,b\n3,"bad"x,3\n4,d,4\nx,e,5\n6,'),
      Buffer.from([0xff]),
      Buffer.from(',6\n7,"open,7\n8,h,8\n'),
    ]);
    for (const chunk of [2, 5, 1000]) {
      const r = await read(text, opts(), chunk);
      expect(r.map((x) => [x.line, "error" in x ? x.error.replace(/:.*$/s, "") : "ok"])).toEqual([
        [2, "ok"],
        [3, "expected 3 fields, got 2"],
        [4, "broken CSV record"],
        [5, "ok"],
        [6, "id"],
        [7, "nome"],
        [8, "broken CSV record"],
        [9, "ok"],
      ]);
      expect(r[2]).toMatchObject({ raw: '3,"bad"x,3' });
      expect(r[5]).toMatchObject({ error: "nome: invalid UTF-8" });
    }
  });

  it("a header without a required column dead-letters every row", async () => {
    const r = await read(Buffer.from("nome,valor\na,1\n"), opts());
    expect(r).toEqual([
      { line: 1, error: expect.stringContaining("header lacks column id"), raw: "nome,valor" },
      { line: 2, error: expect.stringContaining("header lacks column id"), raw: "a,1" },
    ]);
  });
});
