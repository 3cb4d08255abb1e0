/**
 * File landings on the real stack: `lakeform upload` + `lakeform ingest --until-idle` (the CLI as
 * a subprocess), CSV (header, quoted newlines, a Brazilian latin1 variant), JSON lines and
 * Parquet; the same object twice lands once; a SIGKILL mid-file and a restart land every row
 * exactly once; malformed rows go to the dead-letter table with their line numbers.
 */
import { execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { parquetWriteBuffer } from "hyparquet-writer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Bucket } from "../../../src/adapters/s3/bucket-client.js";
import { conn, dropSchema, ROOT, trino, uid, waitExit } from "./helpers.js";

const run = promisify(execFile);
const CLI = join(ROOT, "dist/cli/main.js");
const id = uid();
const schema = `files_it_${id}`;
const prefix = `files-it-${id}`;
const bucket = new S3Bucket(conn.s3, "landing");

const cli = async (dir: string, ...args: string[]) => (await run(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 })).stdout;
// BIGINT arrives as bigint: compare as numbers (the values here are small)
const num = (v: unknown): unknown => (typeof v === "bigint" ? Number(v) : Array.isArray(v) ? v.map(num) : v);
const rows = async (sql: string) => (await trino.query(sql)).rows.map((r) => r.map(num));
const T = (t: string) => `iceberg."${schema}"."${t}"`;

const vendasAvsc = {
  type: "record",
  name: "Venda",
  fields: [
    { name: "id", type: "int" },
    { name: "produto", type: ["null", "string"], default: null },
    { name: "valor", type: ["null", { type: "bytes", logicalType: "decimal", precision: 10, scale: 2 }], default: null },
    { name: "data", type: ["null", { type: "int", logicalType: "date" }], default: null },
  ],
};
const eventosAvsc = {
  type: "record",
  name: "Evento",
  fields: [
    { name: "id", type: "long" },
    { name: "tipo", type: "string" },
    { name: "em", type: { type: "long", logicalType: "timestamp-micros" } },
    { name: "local", type: ["null", { type: "record", name: "Local", fields: [{ name: "uf", type: "string" }, { name: "lat", type: "double" }] }], default: null },
    { name: "tags", type: { type: "array", items: "string" }, default: [] },
  ],
};

let dir: string;

function stream(name: string, yaml: string[]): void {
  writeFileSync(join(dir, "streams", `${name}.yaml`), ["source: files", `location: s3://landing/${prefix}/${name}/`, ...yaml, `target: { schema: ${schema} }`].join("\n"));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lakeform-it-files-"));
  mkdirSync(join(dir, "streams/schemas"), { recursive: true });
  mkdirSync(join(dir, "definitions"), { recursive: true });
  mkdirSync(join(dir, "data"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ warehouse: "trino", defaultDatabase: "iceberg", defaultSchema: schema, assertionSchema: `${schema}_q` }));
  writeFileSync(join(dir, "streams/schemas/vendas.avsc"), JSON.stringify(vendasAvsc));
  writeFileSync(join(dir, "streams/schemas/eventos.avsc"), JSON.stringify(eventosAvsc));
  stream("vendas", ["format: { encoding: csv, schema: schemas/vendas.avsc }"]);
  stream("vendas_br", ['format: { encoding: csv, schema: schemas/vendas.avsc, delimiter: ";", decimal: ",", thousands: ".", charset: windows-1252, dateFormat: dd/MM/yyyy }']);
  stream("eventos", ["format: { encoding: jsonl, schema: schemas/eventos.avsc }"]);
  stream("eventos_pq", ["format: { encoding: parquet, schema: schemas/eventos.avsc }"]);
  writeFileSync(
    join(dir, "streams/schemas/leituras.schema.json"),
    JSON.stringify({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        cidade: { type: "string", minLength: 2 },
        temperatura: { type: "number", minimum: -60, maximum: 60 },
        chuva_mm: { type: ["string", "null"], format: "decimal", precision: 6, scale: 1 },
        dia: { type: "string", format: "date" },
      },
      required: ["cidade", "temperatura", "dia"],
    }),
  );
  stream("leituras", ['format: { encoding: csv, schema: schemas/leituras.schema.json, delimiter: ";", decimal: ",", dateFormat: dd/MM/yyyy }']);
  stream("leituras_jsonl", ["format: { encoding: jsonl, schema: schemas/leituras.schema.json }"]);
  stream("arquivados", ["format: { encoding: csv, schema: schemas/vendas.avsc }", `archive: { to: "s3://landing/${prefix}-archive/arquivados/" }`]);
  stream("grande", ["format: { encoding: csv, schema: schemas/vendas.avsc }", "batch: { maxRows: 2000 }"]);
  // one file, three ways into bronze (see "every bronze path" below); batches of 5 rows so that
  // several batches commit together
  stream("caminho_direto", ["format: { encoding: csv, schema: schemas/vendas.avsc }", "batch: { maxRows: 5 }"]);
  stream("caminho_sql", ["format: { encoding: csv, schema: schemas/vendas.avsc }", "batch: { maxRows: 5 }"]);
  writeFileSync(
    join(dir, "streams", "caminho_particionado.yaml"),
    ["source: files", `location: s3://landing/${prefix}/caminho_particionado/`, "format: { encoding: csv, schema: schemas/vendas.avsc }", "batch: { maxRows: 5 }", `target: { schema: ${schema}, partitioning: ["month(data)"] }`].join("\n"),
  );
  writeFileSync(join(dir, "definitions/vendas_limpas.sqlx"), 'config { type: "view" }\nSELECT id, produto FROM ${ref("vendas")} WHERE valor IS NOT NULL\n');
}, 60_000);

afterAll(async () => {
  await dropSchema(schema);
  for (const p of [`${prefix}/`, `${prefix}-archive/`]) for (const o of await bucket.list(p)) await bucket.delete(o.key);
}, 120_000);

describe("file landings", () => {
  it("lands a CSV with a header and quoted newlines; bad rows become dead letters with their lines; uploading and ingesting again adds nothing", async () => {
    const csv = [
      "id,produto,valor,data",
      '1,"Café\nem grão",10.5,2024-01-31',
      "2,Milho,,2024-02-01",
      "3,Soja,abc,2024-02-02", // line 5: not a decimal
      "4,Trigo", // line 6: wrong column count
      '5,"Arroz"x,1,2024-02-03', // line 7: broken quoting
      "6,Feijão,3.25,2024-02-30", // line 8: no such date
      ",Sem id,1,2024-01-01", // line 9: id missing
      "7,Aveia,7,2024-03-01",
    ].join("\n");
    writeFileSync(join(dir, "data/vendas.csv"), `${csv}\n`);
    const up = JSON.parse(await cli(dir, "upload", "vendas", "data/vendas.csv", "--json")) as { key: string; uri: string }[];
    expect(up.map((u) => u.key)).toEqual([`${prefix}/vendas/vendas.csv`]);
    await cli(dir, "ingest", "--streams", "vendas", "--until-idle");

    expect(await rows(`SELECT id, produto, CAST(valor AS varchar), CAST(data AS varchar), _line, _file FROM ${T("vendas")} ORDER BY id`)).toEqual([
      [1, "Café\nem grão", "10.50", "2024-01-31", 2, up[0]?.uri],
      [2, "Milho", null, "2024-02-01", 4, up[0]?.uri],
      [7, "Aveia", "7.00", "2024-03-01", 10, up[0]?.uri],
    ]);
    const dead = await rows(`SELECT _line, raw_text, error FROM ${T("vendas_dead_letter")} ORDER BY _line`);
    expect(dead.map((r) => [r[0], r[1]])).toEqual([
      [5, "3,Soja,abc,2024-02-02"],
      [6, "4,Trigo"],
      [7, '5,"Arroz"x,1,2024-02-03'],
      [8, "6,Feijão,3.25,2024-02-30"],
      [9, ",Sem id,1,2024-01-01"],
    ]);
    expect(dead.map((r) => String(r[2]))).toEqual([
      expect.stringContaining("valor"),
      "expected 4 fields, got 2",
      expect.stringContaining("broken CSV record"),
      expect.stringContaining("data"),
      "id: required value is missing",
    ]);

    const snapshots = async () => (await rows(`SELECT count(*) FROM iceberg."${schema}"."vendas$snapshots"`))[0]?.[0];
    const before = await snapshots();
    await cli(dir, "upload", "vendas", "data/vendas.csv");
    const again = await cli(dir, "ingest", "--streams", "vendas", "--until-idle", "--json");
    expect(JSON.parse(again)).toEqual([expect.objectContaining({ stream: "vendas", rows: 0, deadLetters: 0, reason: "idle" })]);
    expect(await snapshots()).toBe(before);
    expect(await rows(`SELECT count(*) FROM ${T("vendas")}`)).toEqual([[3]]);
    expect(await rows(`SELECT count(*) FROM ${T("vendas_dead_letter")}`)).toEqual([[5]]);

    // lakeform sql shows the rows and the dead letters
    expect(await cli(dir, "sql", `SELECT count(*) AS n FROM ${T("vendas_dead_letter")}`)).toMatch(/\b5\b/);
  }, 300_000);

  it("a changed file under the same name is a new object version and lands again; the old rows stay", async () => {
    writeFileSync(join(dir, "data/vendas.csv"), "id,produto,valor,data\n8,Cevada,1.5,2024-04-01\n");
    await cli(dir, "upload", "vendas", "data/vendas.csv");
    await cli(dir, "ingest", "--streams", "vendas", "--until-idle");
    expect(await rows(`SELECT id FROM ${T("vendas")} ORDER BY id`)).toEqual([[1], [2], [7], [8]]);
    expect(await rows(`SELECT count(DISTINCT _file_etag) FROM ${T("vendas")}`)).toEqual([[2]]);
  }, 300_000);

  it("reads a Brazilian file: ';', decimal comma, thousands dot, windows-1252, dd/MM/yyyy", async () => {
    const text = "ID;Produto;Valor;Data\r\n1;João & Filhos;1.234,56;31/01/2024\r\n2;Açúcar;-0,5;01/02/2024\r\n3;Óleo;12.5;02/02/2024\r\n";
    writeFileSync(join(dir, "data/vendas_br.csv"), Buffer.from(latin1(text)));
    await cli(dir, "upload", "vendas_br", "data/vendas_br.csv");
    await cli(dir, "ingest", "--streams", "vendas_br", "--until-idle");
    expect(await rows(`SELECT id, produto, CAST(valor AS varchar), CAST(data AS varchar) FROM ${T("vendas_br")} ORDER BY id`)).toEqual([
      [1, "João & Filhos", "1234.56", "2024-01-31"],
      [2, "Açúcar", "-0.50", "2024-02-01"],
    ]);
    // with "," as decimal and "." grouping thousands, "12.5" is neither: a dead letter, not 125
    expect(await rows(`SELECT _line, error FROM ${T("vendas_br_dead_letter")} ORDER BY _line`)).toEqual([[4, expect.stringContaining("valor")]]);
  }, 300_000);

  it("lands JSON lines with nested records and arrays; bad lines are dead letters", async () => {
    const lines = [
      JSON.stringify({ id: 1, tipo: "a", em: "2024-05-01T12:00:00.123456Z", local: { uf: "SP", lat: -23.5 }, tags: ["x", "y"] }),
      "",
      "{not json",
      JSON.stringify({ id: 2, tipo: "b", em: "2024-05-01T13:00:00-03:00", local: null, tags: [] }),
      JSON.stringify({ id: 3, em: "2024-05-01T13:00:00Z" }),
      JSON.stringify({ id: "4x", tipo: "c", em: "2024-05-01T13:00:00Z" }),
    ];
    writeFileSync(join(dir, "data/eventos.jsonl"), lines.join("\n"));
    await cli(dir, "upload", "eventos", "data/eventos.jsonl");
    await cli(dir, "ingest", "--streams", "eventos", "--until-idle");
    expect(await rows(`SELECT id, tipo, CAST(em AS varchar), local.uf, local.lat, tags, _line FROM ${T("eventos")} ORDER BY id`)).toEqual([
      [1, "a", "2024-05-01 12:00:00.123456 UTC", "SP", -23.5, ["x", "y"], 1],
      [2, "b", "2024-05-01 16:00:00.000000 UTC", null, null, [], 4],
    ]);
    expect(await rows(`SELECT _line, error FROM ${T("eventos_dead_letter")} ORDER BY _line`)).toEqual([
      [3, expect.stringContaining("invalid JSON")],
      [5, "tipo: required value is missing"],
      [6, expect.stringContaining("id: expected an integer")],
    ]);
  }, 300_000);

  it("lands Parquet objects (written with hyparquet-writer), row numbers as _line", async () => {
    const n = 2500;
    const buf = parquetWriteBuffer({
      columnData: [
        { name: "id", data: BigInt64Array.from({ length: n }, (_, i) => BigInt(i + 1)), type: "INT64" },
        { name: "tipo", data: Array.from({ length: n }, (_, i) => (i === 99 ? null : `t${i % 7}`)), type: "STRING" },
        { name: "em", data: Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 60_000)), type: "TIMESTAMP" },
      ],
      rowGroupSize: 1000,
    });
    writeFileSync(join(dir, "data/eventos.parquet"), new Uint8Array(buf));
    await cli(dir, "upload", "eventos_pq", "data/eventos.parquet");
    await cli(dir, "ingest", "--streams", "eventos_pq", "--until-idle");
    expect(await rows(`SELECT count(*), min(id), max(id), count(DISTINCT _line), min(_line), max(_line) FROM ${T("eventos_pq")}`)).toEqual([[n - 1, 1, n, n - 1, 1, n]]);
    expect(await rows(`SELECT count(*) FROM ${T("eventos_pq")} WHERE _line <> id`)).toEqual([[0]]);
    expect(await rows(`SELECT CAST(em AS varchar) FROM ${T("eventos_pq")} WHERE id = 61`)).toEqual([["2024-01-01 01:00:00.000000 UTC"]]);
    expect(await rows(`SELECT _line, error FROM ${T("eventos_pq_dead_letter")}`)).toEqual([[100, "tipo: required value is missing"]]);
  }, 300_000);

  it("types CSV and JSON lines with a JSON Schema contract: violations are dead letters with the pointer", async () => {
    writeFileSync(join(dir, "data/leituras.csv"), "cidade;temperatura;chuva_mm;dia\nRecife;28,5;12,3;01/03/2024\nNatal;99;;02/03/2024\nX;20;0,0;03/03/2024\nSalvador;27;;04/03/2024\n");
    writeFileSync(join(dir, "data/leituras.jsonl"), [JSON.stringify({ cidade: "Belém", temperatura: 31.5, chuva_mm: "40.2", dia: "2024-03-01" }), JSON.stringify({ cidade: "Macapá", dia: "2024-03-01" })].join("\n"));
    await cli(dir, "upload", "leituras", "data/leituras.csv");
    await cli(dir, "upload", "leituras_jsonl", "data/leituras.jsonl");
    await cli(dir, "ingest", "--streams", "leituras,leituras_jsonl", "--until-idle");
    expect(await rows(`SELECT cidade, temperatura, CAST(chuva_mm AS varchar), CAST(dia AS varchar), _line FROM ${T("leituras")} ORDER BY _line`)).toEqual([
      ["Recife", 28.5, "12.3", "2024-03-01", 2],
      ["Salvador", 27, null, "2024-03-04", 5],
    ]);
    expect(await rows(`SELECT _line, error FROM ${T("leituras_dead_letter")} ORDER BY _line`)).toEqual([
      [3, expect.stringMatching(/\/temperatura/)],
      [4, expect.stringMatching(/\/cidade/)],
    ]);
    expect(await rows(`SELECT cidade, CAST(chuva_mm AS varchar) FROM ${T("leituras_jsonl")}`)).toEqual([["Belém", "40.2"]]);
    expect(await rows(`SELECT _line, error FROM ${T("leituras_jsonl_dead_letter")}`)).toEqual([[2, expect.stringMatching(/\/temperatura/)]]);
  }, 300_000);

  it("archives landed objects when declared (copy, then delete); archived files are not landed again", async () => {
    writeFileSync(join(dir, "data/a.csv"), "id,produto,valor,data\n1,x,1,2024-01-01\n2,y,2,2024-01-02\n");
    await cli(dir, "upload", "arquivados", "data/a.csv");
    await cli(dir, "ingest", "--streams", "arquivados", "--until-idle");
    expect(await rows(`SELECT id FROM ${T("arquivados")} ORDER BY id`)).toEqual([[1], [2]]);
    expect((await bucket.list(`${prefix}/arquivados/`)).map((o) => o.key)).toEqual([]);
    expect((await bucket.list(`${prefix}-archive/arquivados/`)).map((o) => o.key)).toEqual([`${prefix}-archive/arquivados/a.csv`]);
    await cli(dir, "ingest", "--streams", "arquivados", "--until-idle");
    expect(await rows(`SELECT count(*) FROM ${T("arquivados")}`)).toEqual([[2]]);
  }, 300_000);

  it("SIGKILL during a large file, then a restart: every row exactly once (count and EXCEPT against the file)", async () => {
    const n = 200_000;
    const path = join(dir, "data/grande.csv");
    await new Promise<void>((resolve, reject) => {
      const w = createWriteStream(path);
      w.on("error", reject);
      w.write("id,produto,valor,data\n");
      let i = 1;
      const more = () => {
        let ok = true;
        while (i <= n && ok) {
          ok = w.write(`${i},"p${i}",${(i % 10000) / 4},2024-01-${String((i % 28) + 1).padStart(2, "0")}\n`);
          i++;
        }
        if (i > n) w.end(resolve);
        else w.once("drain", more);
      };
      more();
    });
    await cli(dir, "upload", "grande", "data/grande.csv");
    const child = spawn(process.execPath, [CLI, "ingest", "--streams", "grande", "--until-idle"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let landed = 0;
    for (let i = 0; i < 600 && landed < 12_000; i++) {
      await new Promise((r) => setTimeout(r, 250));
      landed = Number((await rows(`SELECT count(*) FROM ${T("grande")}`).catch(() => [[0]]))[0]?.[0] ?? 0);
    }
    child.kill("SIGKILL");
    await waitExit(child);
    expect(landed).toBeGreaterThan(0);
    expect(landed).toBeLessThan(n);
    await cli(dir, "ingest", "--streams", "grande", "--until-idle");

    const expected = `SELECT CAST(a * 1000 + b AS integer) AS id, 'p' || CAST(a * 1000 + b AS varchar) AS produto, CAST(((a * 1000 + b) % 10000) / 4e0 AS decimal(10, 2)) AS valor, date_add('day', (a * 1000 + b) % 28, DATE '2024-01-01') AS data FROM UNNEST(sequence(0, ${n / 1000 - 1})) x(a) CROSS JOIN UNNEST(sequence(1, 1000)) y(b)`;
    expect(await rows(`SELECT count(*), count(DISTINCT id) FROM ${T("grande")}`)).toEqual([[n, n]]);
    expect(await rows(`SELECT count(*) FROM (SELECT id, produto, valor, data FROM ${T("grande")} EXCEPT ${expected})`)).toEqual([[0]]);
    expect(await rows(`SELECT count(*) FROM (${expected} EXCEPT SELECT id, produto, valor, data FROM ${T("grande")})`)).toEqual([[0]]);
    expect(await rows(`SELECT count(*) FROM ${T("grande_dead_letter")}`)).toEqual([[0]]);
  }, 900_000);

  it("lands the same rows through every bronze path: add_files, a partitioned bronze's staging table, and SQL inserts", async () => {
    const lines = ["id,produto,valor,data"];
    for (let i = 1; i <= 40; i++) lines.push(i % 9 === 0 ? `${i},Ruim,x${i},2024-01-01` : `${i},"P ${i}",${i}.25,2024-0${(i % 3) + 1}-1${i % 10}`);
    writeFileSync(join(dir, "data/caminhos.csv"), `${lines.join("\n")}\n`);
    for (const s of ["caminho_direto", "caminho_particionado", "caminho_sql"]) await cli(dir, "upload", s, "data/caminhos.csv");
    const direct = await cli(dir, "ingest", "--streams", "caminho_direto,caminho_particionado", "--until-idle", "--json");
    expect(JSON.parse(direct)).toEqual([expect.objectContaining({ stream: "caminho_direto", rows: 36, deadLetters: 4 }), expect.objectContaining({ stream: "caminho_particionado", rows: 36, deadLetters: 4 })]);
    const viaSql = await run(process.execPath, [CLI, "ingest", "--streams", "caminho_sql", "--until-idle", "--json"], { cwd: dir, env: { ...process.env, LAKEFORM_FILE_SINK: "sql" } });
    expect(JSON.parse(viaSql.stdout)).toEqual([expect.objectContaining({ stream: "caminho_sql", rows: 36, deadLetters: 4 })]);
    expect(viaSql.stderr).toContain("bronze rows go in through SQL inserts: LAKEFORM_FILE_SINK=sql");

    // good rows: ids 1..40 but 9, 18, 27, 36 → sum(valor) = (820 - 90) + 36 × 0.25 = 739.00; lines 2..41
    const cols = "id, produto, valor, data, _line, _file_etag, _file_done";
    for (const t of ["caminho_direto", "caminho_particionado", "caminho_sql"]) {
      expect(await rows(`SELECT count(*), count(DISTINCT _line), CAST(sum(valor) AS varchar), max(_batch_end_line) FROM ${T(t)}`)).toEqual([[36, 36, "739.00", 41]]);
      expect(await rows(`SELECT _line, error FROM ${T(`${t}_dead_letter`)} ORDER BY _line`)).toEqual([9, 18, 27, 36].map((i) => [i + 1, `valor: "x${i}" is not a decimal`]));
      expect(await rows(`SELECT count(*) FROM (SELECT ${cols} FROM ${T(t)} EXCEPT SELECT ${cols} FROM ${T("caminho_sql")})`)).toEqual([[0]]);
      expect(await rows(`SELECT count(*) FROM (SELECT ${cols} FROM ${T("caminho_sql")} EXCEPT SELECT ${cols} FROM ${T(t)})`)).toEqual([[0]]);
      // a row's _line and the batch it came in: every batch of 5 lines ends where its _batch_end_line says
      expect(await rows(`SELECT count(*) FROM ${T(t)} WHERE _batch_end_line < _line OR _batch_end_line - _line >= 6`)).toEqual([[0]]);
    }
    // the partitioned table is partitioned by month, and written through its staging table
    expect(await rows(`SELECT count(*) FROM iceberg."${schema}"."caminho_particionado$partitions"`)).toEqual([[3]]);
    // add_files registered the direct table's Parquet files under its own location
    const files = (await rows(`SELECT file_path FROM iceberg."${schema}"."caminho_direto$files"`)).map((r) => String(r[0]));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => /\/data\/lakeform\/[^/]+\/part-\d{5}\.parquet$/.test(f))).toBe(true);
  }, 300_000);

  it("compile exposes the landed tables as declarations (ref()-able) and lineage draws prefix → bronze", async () => {
    const compiled = JSON.parse(await cli(dir, "compile", "--json")) as { actions?: { key: string; kind: string; dependencies?: string[] }[] } & Record<string, unknown>;
    const text = JSON.stringify(compiled);
    expect(text).toContain(`iceberg.${schema}.vendas_dead_letter`);
    expect(text).toContain(`iceberg.${schema}.vendas_limpas`);
    const lineage = JSON.parse(await cli(dir, "lineage", "--format", "json")) as { nodes: { id: string; kind: string }[]; edges: { from: string; to: string; kind: string }[] };
    expect(lineage.edges).toContainEqual({ from: `files:s3://landing/${prefix}/vendas/`, to: `iceberg.${schema}.vendas`, kind: "ingests" });
    expect(lineage.edges).toContainEqual({ from: `iceberg.${schema}.vendas`, to: `iceberg.${schema}.vendas_limpas`, kind: "feeds" });
    expect(lineage.nodes).toContainEqual(expect.objectContaining({ id: `files:s3://landing/${prefix}/vendas/`, kind: "files" }));
  }, 300_000);
});

function latin1(s: string): Uint8Array {
  return Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
}
