/**
 * Weather readings for `examples/clima` (seed 000: collectors post JSON from weather APIs):
 * every 10 minutes one reading per city — temperature, humidity, pressure, wind, rain — as the
 * JSON a collector sends, with its local time and zone. Deterministic for a seed and an end time.
 * A share of events is bad on purpose (a missing temperature, humidity over 100 %, text where a
 * number belongs, invalid JSON) and some readings are sent twice (collector retries), so the
 * example shows dead letters and silver's de-duplication.
 */
import { Prng } from "./prng.js";

interface City {
  readonly nome: string;
  readonly estacao: string;
  /** UTC offset of the city's local time, in hours */
  readonly utc: number;
  readonly tempMedia: number;
  readonly amplitude: number;
  readonly umidadeMedia: number;
  readonly pressaoMedia: number;
  readonly chuvaProb: number;
}

export const CIDADES: readonly City[] = [
  { nome: "São Paulo", estacao: "A701", utc: -3, tempMedia: 21, amplitude: 6, umidadeMedia: 72, pressaoMedia: 925, chuvaProb: 0.12 },
  { nome: "Rio de Janeiro", estacao: "A652", utc: -3, tempMedia: 26, amplitude: 5, umidadeMedia: 75, pressaoMedia: 1012, chuvaProb: 0.08 },
  { nome: "Recife", estacao: "A301", utc: -3, tempMedia: 27, amplitude: 3.5, umidadeMedia: 79, pressaoMedia: 1010, chuvaProb: 0.15 },
  { nome: "Porto Alegre", estacao: "A801", utc: -3, tempMedia: 19, amplitude: 7, umidadeMedia: 76, pressaoMedia: 1016, chuvaProb: 0.1 },
  { nome: "Manaus", estacao: "A101", utc: -4, tempMedia: 28, amplitude: 4.5, umidadeMedia: 83, pressaoMedia: 1009, chuvaProb: 0.2 },
  { nome: "Brasília", estacao: "A001", utc: -3, tempMedia: 22, amplitude: 6.5, umidadeMedia: 60, pressaoMedia: 886, chuvaProb: 0.07 },
];

export type ClimaExpectation = "bronze" | "dead-letter" | "duplicate";

export interface ClimaMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly expect: ClimaExpectation;
}

export interface ClimaOptions {
  readonly count: number;
  readonly seed: number;
  readonly badShare: number;
  /** the last reading's time (readings go back from here in 10-minute steps) */
  readonly nowMs: number;
  /** share of readings sent a second time (same payload: silver keeps one) */
  readonly duplicateShare?: number;
}

const STEP_MS = 10 * 60_000;
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const pad = (n: number) => String(n).padStart(2, "0");

/** `2026-12-02T09:10:00-03:00`: the reading's local time with its zone, as collectors send it. */
function localIso(ms: number, utcOffset: number): string {
  const d = new Date(ms + utcOffset * 3_600_000);
  const sign = utcOffset < 0 ? "-" : "+";
  return `${d.toISOString().slice(0, 19)}${sign}${pad(Math.abs(utcOffset))}:00`;
}

function reading(c: City, ms: number, rng: Prng): Record<string, unknown> {
  const localHour = new Date(ms + c.utc * 3_600_000).getUTCHours() + new Date(ms).getUTCMinutes() / 60;
  const daily = Math.sin((2 * Math.PI * (localHour - 9)) / 24); // warmest mid-afternoon
  const temperatura = c.tempMedia + c.amplitude * daily + (rng.next() - 0.5) * 1.2;
  const umidade = Math.min(100, Math.max(5, c.umidadeMedia - 12 * daily + (rng.next() - 0.5) * 6));
  const chove = rng.chance(c.chuvaProb);
  return {
    cidade: c.nome,
    estacao: c.estacao,
    medido_em: localIso(ms, c.utc),
    temperatura_c: round(temperatura, 1),
    umidade_pct: round(umidade, 0),
    pressao_hpa: round(c.pressaoMedia + 2 * Math.sin((2 * Math.PI * localHour) / 12) + (rng.next() - 0.5), 1),
    vento: { velocidade_kmh: round(Math.max(0, 8 + 6 * daily + rng.next() * 10), 1), direcao_graus: rng.int(0, 359) },
    chuva_mm: chove ? round(rng.next() * 6, 1) : 0,
    fonte: rng.pick(["inmet", "openweathermap"]),
  };
}

function spoil(r: Record<string, unknown>, rng: Prng): string {
  switch (rng.int(0, 3)) {
    case 0: {
      const { temperatura_c: _dropped, ...rest } = r;
      return JSON.stringify(rest); // required property missing
    }
    case 1:
      return JSON.stringify({ ...r, umidade_pct: 100 + rng.int(1, 40) }); // over the maximum
    case 2:
      return JSON.stringify({ ...r, pressao_hpa: "N/D" }); // text where a number belongs
    default:
      return JSON.stringify(r).slice(0, 40); // cut off mid-object
  }
}

/** `count` messages: readings of every city, oldest first, ending at `nowMs` (floored to 10 minutes). */
export function* generateClimaMessages(o: ClimaOptions): Generator<ClimaMessage> {
  const rng = new Prng(o.seed);
  const end = Math.floor(o.nowMs / STEP_MS) * STEP_MS;
  const steps = Math.ceil(o.count / CIDADES.length);
  let produced = 0;
  for (let s = steps - 1; s >= 0 && produced < o.count; s--) {
    const ms = end - s * STEP_MS;
    for (const c of CIDADES) {
      if (produced >= o.count) return;
      const r = reading(c, ms, rng);
      const bad = rng.chance(o.badShare);
      const value = bad ? spoil(r, rng) : JSON.stringify(r);
      yield { key: c.estacao, value: Buffer.from(value, "utf8"), expect: bad ? "dead-letter" : "bronze" };
      produced++;
      if (!bad && produced < o.count && rng.chance(o.duplicateShare ?? 0.02)) {
        yield { key: c.estacao, value: Buffer.from(value, "utf8"), expect: "duplicate" };
        produced++;
      }
    }
  }
}
