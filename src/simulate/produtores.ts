/**
 * Credit-request events for the `dados_produtores` example stream. About a third of
 * requests come from applicants seen before (same id, document, name and farm), so gold's
 * "RECORRENTE" profiles and per-applicant volatility have something to measure.
 */
import { AvroTimestamp } from "../ingest/avro/timestamp.js";
import { randomCnpj, randomCpf } from "./documents.js";
import { MUNICIPIOS, type Municipality } from "./geo.js";
import type { Prng } from "./prng.js";

export interface Applicant {
  readonly proponente_id: string;
  readonly cpf_cnpj: string;
  readonly nome_razao_social: string;
  readonly tipo_pessoa: "PF" | "PJ";
  readonly local: Municipality;
  readonly latitude: number;
  readonly longitude: number;
  readonly cultura: string;
  readonly area: number;
  readonly renda: number;
  readonly anos: number;
  readonly matricula: string;
  /** a stable trait: some applicants ask for very different amounts each time */
  readonly volatil: boolean;
}

export type ProdutorEvent = Record<string, unknown>;

const NOMES = ["Ana", "João", "Maria", "José", "Francisco", "Antônia", "Carlos", "Paulo", "Luiza", "Pedro", "Marcos", "Juliana", "Rafael", "Fernanda", "Sebastião", "Aparecida", "Gabriel", "Helena", "Rodrigo", "Camila"];
const SOBRENOMES = ["Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Rocha", "Schneider", "Zanella", "Bortolini", "Tavares", "Moreira"];
const EMPRESAS = ["Agropecuária", "Fazenda", "Agrícola", "Agronegócios", "Sementes", "Grãos"];
const SUFIXOS = ["Ltda", "S/A", "EIRELI", "Ltda ME"];
const FINALIDADES: readonly (readonly [string, number])[] = [
  ["CUSTEIO", 55],
  ["INVESTIMENTO", 25],
  ["COMERCIALIZACAO", 12],
  ["INDUSTRIALIZACAO", 8],
];
const CANAIS: readonly (readonly [string, number])[] = [
  ["APP", 35],
  ["AGENCIA", 30],
  ["COOPERATIVA", 25],
  ["CORRESPONDENTE", 10],
];

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export function newApplicant(rng: Prng, seq: number): Applicant {
  const local = rng.weighted(MUNICIPIOS.map((mu) => [mu, mu.peso] as const));
  const pj = rng.chance(0.22);
  const area = pj ? rng.logNormal(2500, 1.0) : rng.logNormal(120, 1.3);
  const nome = pj
    ? `${rng.pick(EMPRESAS)} ${rng.pick(SOBRENOMES)} ${rng.pick(SUFIXOS)}`
    : `${rng.pick(NOMES)} ${rng.pick(SOBRENOMES)} ${rng.pick(SOBRENOMES)}`;
  return {
    proponente_id: `PROP-${String(seq).padStart(7, "0")}`,
    cpf_cnpj: pj ? randomCnpj(rng) : randomCpf(rng),
    nome_razao_social: nome,
    tipo_pessoa: pj ? "PJ" : "PF",
    local,
    latitude: round(local.latitude + rng.normal(0, 0.12), 5),
    longitude: round(local.longitude + rng.normal(0, 0.12), 5),
    cultura: rng.pick(local.culturas),
    area: round(Math.max(1, area), 2),
    // income grows with area; PJ a multiple of PF
    renda: round(Math.max(24_000, area * rng.logNormal(pj ? 4_000 : 2_500, 0.5)), 2),
    anos: rng.int(0, 40),
    matricula: `${local.uf}-${rng.int(1, 9)}${String(rng.int(0, 99_999)).padStart(5, "0")}`,
    volatil: rng.chance(0.25),
  };
}

export function eventFor(a: Applicant, rng: Prng, when: Date, nowMs: number, schemaVersion: 1 | 2): ProdutorEvent {
  const share = a.volatil ? rng.logNormal(0.35, 0.9) : rng.logNormal(0.3, 0.15);
  const event: ProdutorEvent = {
    proponente_id: a.proponente_id,
    data_solicitacao: AvroTimestamp.fromDate(when),
    cpf_cnpj: a.cpf_cnpj,
    nome_razao_social: a.nome_razao_social,
    tipo_pessoa: a.tipo_pessoa,
    renda_bruta_anual_declarada: a.renda,
    valor_solicitado_credito: round(Math.max(5_000, a.renda * Math.min(share, 3)), 2),
    finalidade_credito: rng.weighted(FINALIDADES),
    localizacao_propriedade: { latitude: a.latitude, longitude: a.longitude, municipio: a.local.municipio, uf: a.local.uf },
    area_total_hectares: a.area,
    cultura_principal: a.cultura,
    possui_experiencia_atividade: a.anos > 0,
    anos_experiencia: a.anos,
    fontes_dados_adicionais: {
      serasa_score: Math.max(0, Math.min(1000, Math.round(rng.normal(a.anos > 10 ? 700 : 620, 120)))),
      ibama_autuacoes_ativas: rng.chance(0.05),
      numero_matricula_imovel: a.matricula,
    },
    metadata_evento: { versao_schema: String(schemaVersion), origem_dados: "lakeform-simulate", timestamp_geracao_evento: BigInt(nowMs) },
  };
  if (schemaVersion === 2) event.canal_solicitacao = rng.weighted(CANAIS);
  return event;
}
