import { describe, expect, it } from "vitest";
import type { PayloadColumn } from "../../../../src/ingest/avro/to-trino.js";
import { Prng } from "../../../../src/simulate/prng.js";
import { csvRecordChunks, csvRecords, quickable, quickRows } from "../../../../src/ingest/files/csv-records.js";
import type { CsvOptions } from "../../../../src/ingest/files/file-stream-decl.js";
import type { FileRecord } from "../../../../src/ingest/files/records.js";

const opts = (o: Partial<CsvOptions> = {}): CsvOptions => ({ header: true, delimiter: ",", quote: '"', escape: undefined, charset: "utf-8", nullValues: [""], decimal: ".", thousands: undefined, dateFormat: "iso", ...o });
const col = (name: string, kind: PayloadColumn["type"], nullable = true): PayloadColumn => ({ name, type: kind, path: [name], nullable });
const cols = [col("id", { kind: "integer" }, false), col("nome", { kind: "varchar" }), col("valor", { kind: "decimal", precision: 10, scale: 2 })];

/** The bytes as the download would deliver them, in pieces of `size`. */
function chunked(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

async function read(bytes: Buffer, o: CsvOptions, chunk = 7, columns = cols): Promise<FileRecord[]> {
  const chunks = chunked(bytes, chunk);
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

/** Every record both ways: papaparse where it agrees (the default) and csv-parse alone. */
async function bothWays(bytes: Buffer, o: CsvOptions, chunk: number, columns = cols): Promise<[FileRecord[], FileRecord[]]> {
  const run = async (quick: boolean) => {
    const out: FileRecord[] = [];
    for await (const c of csvRecordChunks(chunked(bytes, chunk), o, columns, [], undefined, { quick })) out.push(...c);
    return out;
  };
  return [await run(true), await run(false)];
}

describe("papaparse stands in for csv-parse only where they agree", () => {
  it("quickRows reads plain lines, blank lines and CRLF files, one row per line", () => {
    expect(quickRows('a,b\n\n"c,1",d\n', ",", '"')).toEqual([["a", "b"], null, ["c,1", "d"]]);
    expect(quickRows("a;b\r\n\r\nc;d\r\n", ";", '"')).toEqual([["a", "b"], null, ["c", "d"]]);
  });

  it("quickRows declines every text csv-parse may read differently", () => {
    const declined = {
      "no complete line": "a,b",
      "a quoted line break": 'a,"x\ny"\n',
      "mixed line breaks": "a,b\r\nc,d\n",
      "a lone CR": "a,b\rc,d\n",
      "a quote inside an unquoted field": 'a,x"y\n',
      "an escaped quote": 'a,"x""y"\n',
      "blanks after a closing quote": 'a,"x" ,b\n',
      "a line holding just a quoted empty value": 'a\n""\n',
      "text after a closing quote": 'a,"x"y\n',
      "an unclosed quote": 'a,"x\nb\n',
    };
    for (const [why, text] of Object.entries(declined)) expect(quickRows(text, ",", '"'), why).toBeUndefined();
    expect(quickable({ delimiter: ",", quote: '"', escape: "\\" })).toBe(false);
    expect(quickable({ delimiter: "\t", quote: '"', escape: undefined })).toBe(true);
  });

  it("gives exactly csv-parse's records, lines and dead letters on fixed and generated documents, in any chunking", async () => {
    const fixed = [
      'id,nome,valor\n1,"Ana\nMaria",10.5\n2,Bia,\n\n3,"Caio ""C""",7\n',
      'id,nome,valor\n1,a,1\n2,b\n3,"bad"x,3\n4,d,4\nx,e,5\n6,\xff,6\n7,"open,7\n8,h,8\n',
      'id,nome,valor\r\n1,a,1\r\n\r\n2,"x\r\ny",2\r\n3,b,3',
      'id,nome,valor\n1, "q",1\n2,"q" ,2\n3,q"q,3\n""\n4,"",\n',
    ].map((t) => Buffer.from(t, "latin1"));
    // documents from tokens that exercise every decline rule, mostly well-formed lines
    const rng = new Prng(12);
    const tokens = ["a", "b c", "1", "2.5", '"q"', '"x,y"', '""', '"a""b"', 'x"y', " ", '"u" ', "\u00e7", "\xff"];
    const breaks = ["\n", "\n", "\n", "\r\n", "\r", '"\n"', "\n\n"];
    const generated = Array.from({ length: 120 }, () => {
      const lines = ["id,nome,valor"];
      const n = rng.int(5, 64);
      const newline = rng.chance(0.3) ? "\r\n" : "\n";
      for (let i = 0; i < n; i++) {
        const odd = rng.chance(0.15);
        const width = odd ? rng.int(0, 4) : 3;
        const cells = Array.from({ length: width }, (_, k) => (k === 0 && !odd ? String(i) : rng.pick(odd ? tokens : ["a", '"b,c"', "3.5", ""])));
        lines.push(cells.join(",") + (odd ? rng.pick(breaks) : ""));
      }
      const text = lines.join(newline) + (rng.chance(0.7) ? newline : "");
      return Buffer.from(text, rng.chance(0.5) ? "utf8" : "latin1");
    });
    let compared = 0;
    for (const doc of [...fixed, ...generated])
      for (const chunk of [1, 2, 7, 64, 4096]) {
        const [quick, reference] = await bothWays(doc, opts(), chunk);
        expect(quick, `${JSON.stringify(doc.toString("latin1"))} in chunks of ${chunk}`).toEqual(reference);
        compared += reference.length;
      }
    expect(compared).toBeGreaterThan(10_000);
  });

  it("takes the quick path on a plain file (the comparison above is not vacuous)", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `${i},"Produto ${i}",${i}.5`).join("\n") + "\n";
    expect(quickRows(lines, ",", '"')?.length).toBe(200);
  });
});
