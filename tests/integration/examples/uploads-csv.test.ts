/**
 * examples/uploads-csv (seed 003) end to end on the real stack, with the README's commands:
 * `lakeform upload pedidos data/*.csv` → `lakeform ingest --until-idle` (file landing) →
 * `lakeform run` (silver on Iceberg, gold served in the `serving` PostgreSQL). The served tables
 * are read back with plain psql, as the API would, and compared with the same figures recomputed
 * here from the CSV files; the March file's malformed rows are checked in the dead-letter table
 * by line. Uploading and ingesting again adds nothing. The example is copied with its schemas and
 * landing prefix renamed, so nothing shared is touched.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { S3Bucket } from "../../../src/adapters/s3/bucket-client.js";
import { connections, dropSchemas, REPO_ROOT, runCli, trino, uniqueName } from "../helpers.js";
import { dropPostgresSchemas, psql } from "../postgres.js";

const prefix = uniqueName("files_uploads");
const landingPrefix = `${prefix.replace(/_/g, "-")}/pedidos/`;
const client = trino();
const FILES = ["pedidos-2024-01.csv", "pedidos-2024-02.csv", "pedidos-2024-03.csv"];

function copyExample(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "lakeform-uploads-")), "uploads-csv");
  cpSync(join(REPO_ROOT, "examples/uploads-csv"), dir, { recursive: true });
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json|sqlx|js)$/.test(f)) {
        writeFileSync(p, readFileSync(p, "utf8").replace(/\buploads_(bronze|silver|gold|qualidade)\b/g, `${prefix}_$1`).replace("uploads-csv/pedidos/", landingPrefix));
      }
    }
  };
  walk(dir);
  return dir;
}

const cents = (s: string) => Math.round(Number(s.replace(",", ".")) * 100);
const money = (c: number) => (c / 100).toFixed(2);

/** Silver and gold recomputed from the CSV files (the rows with ids 9001–9004 are the malformed ones). */
function expected(dir: string) {
  const orders = new Map<string, string[]>();
  for (const f of FILES) {
    const lines = new TextDecoder("windows-1252").decode(readFileSync(join(dir, "data", f))).split("\r\n").slice(1).filter(Boolean);
    for (const l of lines) {
      const r = l.split(";");
      if (Number(r[0]) >= 9001) continue;
      orders.set(r[0] ?? "", r); // a later file's version wins
    }
  }
  const paid = [...orders.values()].filter((r) => r[8]?.trim().toUpperCase() === "PAGO");
  const byCat = new Map<string, { pedidos: number; itens: number; receita: number }>();
  const byStore = new Map<string, { uf: string; pedidos: number; receita: number; ultimo: string }>();
  for (const r of paid) {
    const [, data = "", loja = "", uf = "", , cat0 = "", q = "", preco = ""] = r;
    const [d, m, y] = data.split("/");
    const cat = cat0.trim().charAt(0).toUpperCase() + cat0.trim().slice(1).toLowerCase();
    const total = Number(q) * cents(preco);
    const kc = `${y}-${m}|${cat}`;
    const c = byCat.get(kc) ?? { pedidos: 0, itens: 0, receita: 0 };
    byCat.set(kc, { pedidos: c.pedidos + 1, itens: c.itens + Number(q), receita: c.receita + total });
    const s = byStore.get(loja) ?? { uf: uf.trim().toUpperCase(), pedidos: 0, receita: 0, ultimo: "" };
    const iso = `${y}-${m}-${d}`;
    byStore.set(loja, { uf: s.uf, pedidos: s.pedidos + 1, receita: s.receita + total, ultimo: iso > s.ultimo ? iso : s.ultimo });
  }
  return {
    silver: paid.length,
    categoria: [...byCat].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [...k.split("|"), String(v.pedidos), String(v.itens), money(v.receita)]),
    loja: [...byStore].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, v.uf, String(v.pedidos), money(v.receita), (Math.round(v.receita / v.pedidos) / 100).toFixed(2), v.ultimo]),
  };
}

describe("examples/uploads-csv (integration)", () => {
  afterAll(async () => {
    await dropSchemas(client, [`${prefix}_bronze`, `${prefix}_silver`, `${prefix}_qualidade`]);
    dropPostgresSchemas("serving", [`${prefix}_gold`]);
    const landing = new S3Bucket(connections().s3, "landing");
    for (const o of await landing.list(landingPrefix)) await landing.delete(o.key);
  }, 120_000);

  it("upload → ingest → run lands, cleans and serves the CSVs; bad rows are dead letters by line; a second upload + ingest adds nothing", () => {
    const dir = copyExample();
    const ok = (args: string[]) => {
      const r = runCli(args, { cwd: dir, timeoutMs: 900_000 });
      expect(r.status, `${args.join(" ")}\n${r.stderr.slice(-4000)}`).toBe(0);
      return r.stdout;
    };
    const up = ok(["upload", "pedidos", ...FILES.map((f) => `data/${f}`)]);
    expect(up).toContain(`s3://landing/${landingPrefix}pedidos-2024-03.csv`);
    ok(["ingest", "--until-idle"]);
    ok(["run"]);

    const exp = expected(dir);
    const bronze = `iceberg."${prefix}_bronze"`;
    const count = async (sql: string) => Number((await client.query(sql)).rows[0]?.[0]);
    return (async () => {
      // 40 + 42 + 40 good rows; the two January orders repeated in February are both in bronze
      expect(await count(`SELECT count(*) FROM ${bronze}.pedidos`)).toBe(122);
      const dead = (await client.query(`SELECT _line, error, raw_text FROM ${bronze}.pedidos_dead_letter ORDER BY _line`)).rows;
      expect(dead.map((r) => Number(r[0]))).toEqual([12, 13, 14, 15]);
      expect(dead.map((r) => String(r[1]))).toEqual([
        expect.stringContaining("data:"),
        expect.stringContaining("quantidade:"),
        expect.stringContaining("broken CSV record"),
        "expected 9 fields, got 7",
      ]);
      expect(String(dead[2]?.[2])).toBe('9003;16/03/2024;L03;RJ;"Sabão em pó 1,6kg;Limpeza;1;21,35;PAGO');
      expect(await count(`SELECT count(*) FROM iceberg."${prefix}_silver".pedidos`)).toBe(exp.silver);
      expect(await count(`SELECT quantidade FROM iceberg."${prefix}_silver".pedidos WHERE id_pedido = 1005`)).toBe(12);

      expect(psql("serving", `SELECT ano_mes, categoria, pedidos, itens, receita FROM "${prefix}_gold".vendas_por_categoria ORDER BY ano_mes, categoria`)).toEqual(exp.categoria);
      expect(psql("serving", `SELECT loja, uf, pedidos, receita, ticket_medio, ultimo_pedido FROM "${prefix}_gold".vendas_por_loja ORDER BY loja`)).toEqual(exp.loja);

      // running both again adds nothing
      const snapshots = await count(`SELECT count(*) FROM ${bronze}."pedidos$snapshots"`);
      ok(["upload", "pedidos", ...FILES.map((f) => `data/${f}`)]);
      const again = JSON.parse(ok(["ingest", "--until-idle", "--json"])) as { rows: number; deadLetters: number }[];
      expect(again).toEqual([expect.objectContaining({ rows: 0, deadLetters: 0 })]);
      expect(await count(`SELECT count(*) FROM ${bronze}."pedidos$snapshots"`)).toBe(snapshots);

      // the pipeline-health board's file-landing panels run on Trino against these tables
      const check = ok(["dashboards", "--check"]);
      expect(check).not.toMatch(/fail/i);
      const boards = JSON.parse(ok(["dashboards", "--json"])) as { title: string; panels?: { title?: string }[] }[];
      const health = boards.find((b) => /pipeline health/.test(b.title));
      expect(health?.panels?.map((p) => p.title)).toEqual(expect.arrayContaining(["Arquivos aterrissados", "Atraso de arquivos"]));

      // lineage: landing prefix → bronze → silver → served gold
      const lineage = ok(["lineage", "--format", "mermaid", "--no-checks", "--no-dashboards"]);
      expect(lineage).toContain(`files: s3://landing/${landingPrefix}`);
      expect(lineage).toContain(`serving.${prefix}_gold.vendas_por_loja`);
    })();
  }, 1_200_000);
});
