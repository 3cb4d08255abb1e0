/**
 * Bad events the pipeline must survive. Some are valid Avro with bad content (they land in
 * bronze and silver flags them), some break the stream's `required` rule (dead-lettered),
 * and some are not Avro at all (dead-lettered).
 */
import type { Prng } from "./prng.js";
import type { ProdutorEvent } from "./produtores.js";

export type BadKind =
  | "null-cpf-cnpj" // required → dead letter
  | "null-tipo-pessoa" // required → dead letter
  | "negative-area" // bronze, silver registro_valido = false
  | "serasa-out-of-range"
  | "missing-location"
  | "negative-amount"
  | "event-time-out-of-range" // valid Avro long no timestamp can hold: silver flags it, the run goes on
  | "non-finite-amount"; // NaN/±Infinity doubles: silver flags them

export const BAD_KINDS: readonly (readonly [BadKind, number])[] = [
  ["null-cpf-cnpj", 2],
  ["null-tipo-pessoa", 1],
  ["negative-area", 2],
  ["serasa-out-of-range", 2],
  ["missing-location", 1],
  ["negative-amount", 1],
  ["event-time-out-of-range", 2],
  ["non-finite-amount", 1],
];

/**
 * Event times (epoch ms) beyond what Trino's timestamps hold (|ms| > 9223372036854, i.e. after
 * 2262 or before 1677): the long's extremes, which an outside run sent, and random values above.
 */
export function outOfRangeEpochMillis(rng: Prng): bigint {
  switch (rng.int(0, 3)) {
    case 0:
      return 9223372036854775807n; // Long.MAX_VALUE
    case 1:
      return -9223372036854775808n; // Long.MIN_VALUE
    case 2:
      return 9223372036855n + BigInt(rng.int(0, 1_000_000)); // just past the edge
    default:
      return BigInt(rng.int(10, 9_000_000)) * 1_000_000_000_000n + BigInt(rng.int(0, 999_999_999)); // 1e13 … 9e18
  }
}

export function spoil(e: ProdutorEvent, kind: BadKind, rng: Prng): ProdutorEvent {
  const out: ProdutorEvent = { ...e };
  switch (kind) {
    case "null-cpf-cnpj":
      out.cpf_cnpj = null;
      break;
    case "null-tipo-pessoa":
      out.tipo_pessoa = null;
      break;
    case "negative-area":
      out.area_total_hectares = -Math.abs(Number(e.area_total_hectares ?? 10));
      break;
    case "serasa-out-of-range":
      out.fontes_dados_adicionais = { ...(e.fontes_dados_adicionais as object), serasa_score: rng.chance(0.5) ? rng.int(1001, 1500) : -rng.int(1, 100) };
      break;
    case "missing-location":
      out.localizacao_propriedade = { latitude: null, longitude: null, municipio: null, uf: null };
      break;
    case "negative-amount":
      out.valor_solicitado_credito = -Math.abs(Number(e.valor_solicitado_credito ?? 1000));
      break;
    case "event-time-out-of-range":
      out.metadata_evento = { ...(e.metadata_evento as object), timestamp_geracao_evento: outOfRangeEpochMillis(rng) };
      break;
    case "non-finite-amount":
      out.valor_solicitado_credito = rng.pick([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
      break;
  }
  return out;
}

export type GarbageKind = "random-bytes" | "wrong-magic" | "truncated";

/** Bytes that are not a decodable message; `valid` is a good encoded message to damage. */
export function garbage(kind: GarbageKind, valid: Buffer, rng: Prng): Buffer {
  switch (kind) {
    case "random-bytes":
      return Buffer.concat([Buffer.from([0x7b]), rng.bytes(rng.int(8, 60))]);
    case "wrong-magic":
      return Buffer.concat([Buffer.from([1]), valid.subarray(1)]);
    case "truncated":
      return valid.subarray(0, Math.max(6, Math.floor(valid.length / 2)));
  }
}
