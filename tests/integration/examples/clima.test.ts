/**
 * examples/clima end to end on the real stack, as a user runs it: simulated JSON weather readings
 * on Kafka → `lakeform ingest` (JSON stream) → `lakeform run` (silver hourly, gold series and
 * daily extremes, assertions, the SQLX unit test) → `lakeform dashboards --check`. Gold is
 * compared with a recomputation from the produced JSON (not from bronze), and every dashboard
 * query runs on Trino. The example is copied with its schemas and topic renamed, so nothing
 * shared is touched.
 */
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKafkaClient } from "../../../src/adapters/kafka/kafkajs-client.js";
import { checkDashboards } from "../../../src/dashboards/check.js";
import { planDashboards } from "../../../src/dashboards/plan.js";
import { loadProjectInputs } from "../../../src/lineage/project-inputs.js";
import { generateClimaMessages } from "../../../src/simulate/clima.js";
import { runSimulate, type SimulateSummary } from "../../../src/simulate/run-simulate.js";
import { connections, dropSchemas, REPO_ROOT, runCli, trino, uniqueName } from "../helpers.js";

const prefix = uniqueName("json_clima");
const schemas = ["bronze", "silver", "gold", "qualidade"].map((l) => `${prefix}_${l}`);
const topic = `${prefix}_leituras`;
const client = trino();
const kafka = createKafkaClient(connections().kafka);
const COUNT = 6 * 6 * 30; // 6 cities, every 10 minutes, 30 hours
const SEED = 7;
const NOW = Date.now();

/** The example with its schemas and topic renamed for this run. */
function copyExample(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "lakeform-clima-")), "clima");
  cpSync(join(REPO_ROOT, "examples/clima"), dir, { recursive: true });
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json|sqlx|js)$/.test(f)) {
        writeFileSync(p, readFileSync(p, "utf8").replace(/\bclima_(bronze|silver|gold|qualidade|leituras)\b/g, `${prefix}_$1`));
      }
    }
  };
  walk(dir);
  return dir;
}

interface Reading {
  cidade: string;
  ms: number;
  temperatura_c: number;
  umidade_pct: number;
  pressao_hpa: number;
  vento: { velocidade_kmh: number };
  chuva_mm: number;
}

const HOUR = 3_600_000;
const avg = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Silver and gold recomputed in JS from the JSON the simulator produced. */
function expected() {
  const readings: Reading[] = [];
  for (const m of generateClimaMessages({ count: COUNT, seed: SEED, badShare: 0.05, nowMs: NOW })) {
    if (m.expect !== "bronze") continue;
    const r = JSON.parse(m.value.toString("utf8")) as Reading & { medido_em: string };
    readings.push({ ...r, ms: Date.parse(r.medido_em) });
  }
  const hours = new Map<string, Reading[]>();
  for (const r of readings) {
    const k = `${r.cidade}|${Math.floor(r.ms / HOUR) * HOUR}`;
    hours.set(k, [...(hours.get(k) ?? []), r]);
  }
  const hourly = [...hours.entries()].map(([k, rs]) => {
    const [cidade = "", h = "0"] = k.split("|");
    const t = rs.map((r) => r.temperatura_c);
    return {
      cidade,
      hora: Number(h),
      leituras: rs.length,
      temperatura_c: avg(t),
      temperatura_min_c: Math.min(...t),
      temperatura_max_c: Math.max(...t),
      umidade_pct: avg(rs.map((r) => r.umidade_pct)),
      pressao_hpa: avg(rs.map((r) => r.pressao_hpa)),
      rajada_kmh: Math.max(...rs.map((r) => r.vento.velocidade_kmh)),
      chuva_decimos: rs.reduce((s, r) => s + Math.round(r.chuva_mm * 10), 0),
    };
  });
  hourly.sort((a, b) => (a.cidade < b.cidade ? -1 : a.cidade > b.cidade ? 1 : a.hora - b.hora));
  const series = hourly.map((h, i) => {
    const same = hourly.slice(Math.max(0, i - 2), i + 1).filter((x) => x.cidade === h.cidade);
    return { ...h, temperatura_movel_3h_c: avg(same.map((x) => x.temperatura_c)) };
  });
  const days = new Map<string, typeof hourly>();
  for (const h of hourly) {
    const dia = new Date(h.hora - 3 * HOUR).toISOString().slice(0, 10); // America/Sao_Paulo: UTC-3, no DST since 2019
    const k = `${h.cidade}|${dia}`;
    days.set(k, [...(days.get(k) ?? []), h]);
  }
  const extremes = [...days.entries()].map(([k, hs]) => {
    const [cidade, dia] = k.split("|");
    const min = Math.min(...hs.map((h) => h.temperatura_min_c));
    const max = Math.max(...hs.map((h) => h.temperatura_max_c));
    return {
      cidade,
      dia,
      temperatura_min_c: min,
      temperatura_max_c: max,
      amplitude_termica_c: max - min,
      horas_max: hs.filter((h) => h.temperatura_max_c === max).map((h) => h.hora),
      umidade_min_pct: Math.min(...hs.map((h) => h.umidade_pct)),
      umidade_max_pct: Math.max(...hs.map((h) => h.umidade_pct)),
      pressao_min_hpa: Math.min(...hs.map((h) => h.pressao_hpa)),
      rajada_max_kmh: Math.max(...hs.map((h) => h.rajada_kmh)),
      chuva_decimos: hs.reduce((s, h) => s + h.chuva_decimos, 0),
      horas_com_leitura: hs.length,
    };
  });
  return { readings, hourly, series, extremes };
}

const close = (a: unknown, b: number) => expect(Math.abs(Number(a) - b)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b)));

let summary: SimulateSummary;
let dir: string;

beforeAll(async () => {
  dir = copyExample();
  summary = await runSimulate({ projectDir: dir, stream: "leituras_clima", count: COUNT, seed: SEED, badShare: 0.05, nowMs: NOW, partitions: 3, kafka });
}, 120_000);

afterAll(async () => {
  const admin = await kafka.admin();
  await admin.deleteTopic(topic).catch(() => undefined);
  await admin.stop();
  await dropSchemas(client, schemas);
});

describe("examples/clima (real Kafka + Trino + Iceberg)", () => {
  it("ingests the JSON readings: good ones in bronze, bad ones dead-lettered with their JSON pointer", async () => {
    expect(summary.produced).toBe(COUNT);
    expect(summary["dead-letter"]).toBeGreaterThan(0);
    const ingest = runCli(["ingest", dir, "--until-idle", "--quiet-ms", "8000"]);
    expect(ingest.status, ingest.stderr).toBe(0);
    const [[good, dead, pointers]] = (
      await client.query(
        `SELECT (SELECT count(*) FROM iceberg."${prefix}_bronze".leituras_clima), (SELECT count(*) FROM iceberg."${prefix}_bronze".leituras_clima_dead_letter), ` +
          `(SELECT count_if(regexp_like(error, '^(invalid JSON: |(schema violation|required field missing) at /(temperatura_c|umidade_pct|pressao_hpa): )')) FROM iceberg."${prefix}_bronze".leituras_clima_dead_letter)`,
      )
    ).rows as [[bigint, bigint, bigint]];
    expect(Number(good)).toBe(summary.bronze + (summary.duplicate ?? 0));
    expect(Number(dead)).toBe(summary["dead-letter"]);
    expect(Number(pointers)).toBe(summary["dead-letter"]);
  });

  it("lakeform run builds silver and gold (assertions and the unit test pass) and gold matches a recomputation", async () => {
    const run = runCli(["run", dir]);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const test = runCli(["test", dir, "--json"]);
    expect(test.status, `${test.stdout}\n${test.stderr}`).toBe(0);
    expect(test.stdout).toContain("leituras_horarias_test");
    const exp = expected();

    const series = await client.queryObjects(
      `SELECT cidade, to_unixtime(hora) * 1000 AS hora, temperatura_c, temperatura_movel_3h_c, umidade_pct, pressao_hpa, CAST(chuva_mm AS varchar) AS chuva FROM iceberg."${prefix}_gold".serie_temporal ORDER BY cidade, hora`,
    );
    expect(series).toHaveLength(exp.series.length);
    series.forEach((row, i) => {
      const e = exp.series[i]!;
      expect([row["cidade"], Number(row["hora"])]).toEqual([e.cidade, e.hora]);
      close(row["temperatura_c"], e.temperatura_c);
      close(row["temperatura_movel_3h_c"], e.temperatura_movel_3h_c);
      close(row["umidade_pct"], e.umidade_pct);
      close(row["pressao_hpa"], e.pressao_hpa);
      expect(row["chuva"]).toBe((e.chuva_decimos / 10).toFixed(1));
    });

    const extremes = await client.queryObjects(
      `SELECT cidade, CAST(dia AS varchar) AS dia, temperatura_min_c, temperatura_max_c, amplitude_termica_c, to_unixtime(hora_temperatura_max) * 1000 AS hora_max, umidade_min_pct, umidade_max_pct, pressao_min_hpa, rajada_max_kmh, ` +
        `CAST(chuva_total_mm AS varchar) AS chuva, horas_com_leitura FROM iceberg."${prefix}_gold".extremos_diarios`,
    );
    expect(extremes).toHaveLength(exp.extremes.length);
    for (const e of exp.extremes) {
      const row = extremes.find((r) => r["cidade"] === e.cidade && r["dia"] === e.dia);
      expect(row, `${e.cidade} ${e.dia}`).toBeDefined();
      close(row!["temperatura_min_c"], e.temperatura_min_c);
      close(row!["temperatura_max_c"], e.temperatura_max_c);
      close(row!["amplitude_termica_c"], e.amplitude_termica_c);
      expect(e.horas_max).toContain(Number(row!["hora_max"]));
      close(row!["umidade_min_pct"], e.umidade_min_pct);
      close(row!["umidade_max_pct"], e.umidade_max_pct);
      close(row!["pressao_min_hpa"], e.pressao_min_hpa);
      close(row!["rajada_max_kmh"], e.rajada_max_kmh);
      expect(row!["chuva"]).toBe((e.chuva_decimos / 10).toFixed(1));
      expect(Number(row!["horas_com_leitura"])).toBe(e.horas_com_leitura);
    }
  });

  it("the dashboard plots temperature, humidity and pressure per city (variable cidade); every query runs on Trino", async () => {
    const inputs = loadProjectInputs(dir);
    const dashboards = planDashboards(inputs.compiled.graph, { streams: inputs.streams });
    const clima = dashboards.find((d) => d.fileName === "gold-clima.json");
    expect(clima).toBeDefined();
    const variables = (clima!.dashboard.templating?.list ?? []).map((v) => v.name);
    expect(variables).toEqual(["cidade"]);
    const panels = (clima!.dashboard.panels ?? []) as { type?: string; title?: string; id?: number }[];
    for (const measure of ["temperatura_c", "umidade_pct", "pressao_hpa"]) {
      const q = clima!.queries.find((x) => x.rawSQL.includes(`avg("${measure}")`) && x.rawSQL.includes('"cidade"') && x.format === 0);
      expect(q, measure).toBeDefined();
      expect(q!.rawSQL).toContain('"cidade" IN (${cidade:sqlstring})');
      expect(panels.find((p) => p.id === q!.panelId)?.type).toBe("timeseries");
    }
    const checks = await checkDashboards(client, dashboards, { from: new Date(NOW - 3 * 86_400_000), to: new Date(NOW + HOUR) });
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    const hourlyRows = expected().hourly.length;
    for (const measure of ["temperatura_c", "umidade_pct", "pressao_hpa"]) {
      const c = checks.find((x) => x.dashboard === clima!.uid && x.sql.includes(`avg("${measure}")`) && x.sql.includes('"cidade"') && x.sql.includes("GROUP BY 1, 2"));
      expect(c?.rows, measure).toBe(hourlyRows); // one point per city and hour
    }
    expect(checks.filter((c) => c.expectRows && c.rows === 0)).toEqual([]);
    const cli = runCli(["dashboards", dir, "--check"]);
    expect(cli.status, cli.stderr).toBe(0);
  });
});
