/**
 * `npm run bench:json-decode`: the JSON contract (src/ingest/json/contract.ts) on the weather
 * readings of examples/clima, next to its peers measured in the same run on the same messages:
 *   - `JSON.parse` alone (the floor: no validation, no types)
 *   - `JSON.parse` + ajv validation (what a hand-written consumer would do; no exact numbers,
 *     no conversion to bronze's types)
 *   - the contract's decode (exact-number parse, ajv, conversion to bronze values)
 *   - the contract's decode + bronze row rendering (what the ingester does per message)
 * Not a test: numbers and ratios, no asserts. Env: BENCH_MESSAGES (default 200000).
 * In process, no stack needed; needs `npm run build`.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type * as ContractMod from "../src/ingest/json/contract.js";
import type * as ClimaMod from "../src/simulate/clima.js";
import type * as RenderMod from "../src/ingest/render-row.js";

const REPO = resolve(import.meta.dirname, "..");
const load = <T>(p: string): Promise<T> => import(pathToFileURL(join(REPO, "dist", p)).href) as Promise<T>;
const [{ compileJsonContract }, { generateClimaMessages }, { renderGoodPrefix }] = await Promise.all([
  load<typeof ContractMod>("ingest/json/contract.js"),
  load<typeof ClimaMod>("simulate/clima.js"),
  load<typeof RenderMod>("ingest/render-row.js"),
]);
type AjvLike = { compile: (s: object) => (v: unknown) => boolean; addFormat: (name: string, f: RegExp) => void };
const { Ajv2020 } = (await import("ajv/dist/2020.js")) as unknown as { Ajv2020: new (o: object) => AjvLike };
const addFormats = (await import("ajv-formats")).default as unknown as (a: unknown) => void;

const N = Number(process.env["BENCH_MESSAGES"] ?? 200_000);
const schema = JSON.parse(readFileSync(join(REPO, "examples/clima/streams/contracts/leitura_clima.schema.json"), "utf8")) as object;
const texts = [...generateClimaMessages({ count: N, seed: 1, badShare: 0.02, nowMs: Date.UTC(2026, 0, 1) })].map((m) => m.value.toString("utf8"));
const bytes = texts.reduce((s, t) => s + Buffer.byteLength(t), 0);

function time(label: string, fn: (t: string) => unknown): number {
  for (let i = 0; i < Math.min(5000, texts.length); i++) fn(texts[i]!); // warm up
  const start = process.hrtime.bigint();
  for (const t of texts) fn(t);
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = texts.length / s;
  console.log(`${label.padEnd(44)} ${Math.round(rate).toLocaleString("en").padStart(10)} msgs/s  ${(bytes / s / 1048576).toFixed(1).padStart(6)} MB/s`);
  return rate;
}

console.log(`${N} weather readings (${(bytes / 1048576).toFixed(1)} MB of JSON), Node ${process.version}\n`);
const parse = (t: string): unknown => {
  try {
    return JSON.parse(t);
  } catch {
    return undefined; // the bad readings cut mid-object
  }
};
const floor = time("JSON.parse", parse);
const ajv = new Ajv2020({ strict: false });
addFormats(ajv);
ajv.addFormat("decimal", /^[+-]?\d+(\.\d+)?$/);
const validate = ajv.compile(schema);
const peer = time("JSON.parse + ajv validate", (t) => validate(parse(t)));
const contract = compileJsonContract(schema);
const decode = time("contract.decode (exact, validated, typed)", (t) => contract.decode(t));
const msg = { topic: "t", partition: 0, offset: 0n, timestampMs: 0, key: null, value: null, headers: {} } as never;
const full = time("contract.decode + bronze row rendering", (t) => {
  const r = contract.decode(t);
  return r.ok ? renderGoodPrefix(contract.columns, r.row, msg, 0, "json") : r;
});
console.log(`\ncontract.decode / (JSON.parse + ajv): ${(decode / peer).toFixed(2)}×   decode+render / (JSON.parse + ajv): ${(full / peer).toFixed(2)}×   JSON.parse alone: ${(floor / peer).toFixed(2)}×`);
