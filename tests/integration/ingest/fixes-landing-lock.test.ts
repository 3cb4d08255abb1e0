/**
 * Two `lakeform ingest` processes on one file landing: the first lands it, the second is refused
 * with the landing and the holder named (files/landing-lock.ts), and every row lands once.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { S3Bucket } from "../../../src/adapters/s3/bucket-client.js";
import { conn, dropSchema, ROOT, trino, uid, waitExit } from "./helpers.js";

const run = promisify(execFile);
const CLI = join(ROOT, "dist/cli/main.js");
const id = uid();
const schema = `fixes_lk_${id}`;
const prefix = `fixes-lk-${id}`;
const location = `s3://landing/${prefix}/fixes_lk/`;
const bucket = new S3Bucket(conn.s3, "landing");
const n = 20_000;
let dir: string;

const count = async () => (await trino.query(`SELECT count(*), count(DISTINCT id) FROM iceberg."${schema}"."fixes_lk"`)).rows.map((r) => r.map(Number))[0];

function ingest(...args: string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [CLI, "ingest", "--streams", "fixes_lk", ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  return Object.assign(child, { output: () => out });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "lakeform-it-fixes-lk-"));
  mkdirSync(join(dir, "streams/schemas"), { recursive: true });
  mkdirSync(join(dir, "definitions"), { recursive: true });
  mkdirSync(join(dir, "data"), { recursive: true });
  writeFileSync(join(dir, "dataform.json"), JSON.stringify({ warehouse: "trino", defaultDatabase: "iceberg", defaultSchema: schema, assertionSchema: `${schema}_q` }));
  writeFileSync(join(dir, "streams/schemas/fixes_lk.avsc"), JSON.stringify({ type: "record", name: "Linha", fields: [{ name: "id", type: "int" }, { name: "produto", type: ["null", "string"], default: null }] }));
  writeFileSync(join(dir, "streams/fixes_lk.yaml"), ["source: files", `location: ${location}`, "format: { encoding: csv, schema: schemas/fixes_lk.avsc }", "batch: { maxRows: 2000 }", `target: { schema: ${schema} }`].join("\n"));
  const lines = ["id,produto"];
  for (let i = 1; i <= n; i++) lines.push(`${i},p${i}`);
  writeFileSync(join(dir, "data/linhas.csv"), `${lines.join("\n")}\n`);
  await run(process.execPath, [CLI, "upload", "fixes_lk", "data/linhas.csv"], { cwd: dir, timeout: 120_000 });
}, 120_000);

afterAll(async () => {
  await dropSchema(schema);
  for (const o of await bucket.list(`${prefix}/`)) await bucket.delete(o.key);
}, 120_000);

describe("one lander per file landing", () => {
  it("a second `lakeform ingest` on the same landing is refused naming the landing and the holder; rows land once", async () => {
    // the first runs until stopped, so it holds the landing for the whole test
    const first = ingest();
    try {
      while (!first.output().includes(`landing ${location}`)) {
        if (first.exitCode !== null) throw new Error(`first ingester exited early:\n${first.output()}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const second = ingest("--until-idle");
      const code = await waitExit(second);
      expect(code, second.output()).not.toBe(0);
      expect(second.output()).toContain(`file landing "fixes_lk" (${location}) is already being landed by pid ${first.pid}`);
      expect(second.output()).not.toContain(`landing ${location} (`);

      let landed = [0, 0];
      for (let i = 0; i < 600 && landed[0]! < n; i++) {
        await new Promise((r) => setTimeout(r, 250));
        landed = (await count().catch(() => [0, 0]))!;
      }
      expect(landed).toEqual([n, n]);
    } finally {
      first.kill("SIGTERM");
      expect(await waitExit(first)).toBe(0);
    }
    // released at exit: the next lander takes the landing and finds nothing left to land
    const again = ingest("--until-idle");
    expect(await waitExit(again), again.output()).toBe(0);
    expect(await count()).toEqual([n, n]);
  }, 300_000);
});
