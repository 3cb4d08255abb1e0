// registro_valido: a silver record is valid when it breaks none of the rules below; gold reads
// valid records only. Silver keeps invalid records too (nothing is lost) and lists the broken
// rules in `motivos_invalidade`, so `SELECT motivos_invalidade, count(*) ... GROUP BY 1` shows
// why data was rejected. (Events that cannot even be decoded, or lack cpf_cnpj/tipo_pessoa,
// never reach bronze: the ingester writes them to bronze.dados_produtores_agro_dead_letter.)
//
// Each rule is `[motivo, condition that makes the record INVALID]`, written against silver's
// flattened column names. A condition that evaluates to NULL (could not be checked) counts as
// broken: the record is kept out of gold rather than let through unchecked.
const { lista } = require("./parametros");
const d = require("./dominios");
const r = require("./risco");

const REGRAS = [
  ["PROPONENTE_AUSENTE", "proponente_id IS NULL OR trim(proponente_id) = ''"],
  ["TIPO_PESSOA_INVALIDO", `tipo_pessoa IS NULL OR tipo_pessoa NOT IN ${lista(d.TIPOS_PESSOA)}`],
  // Only digits, 11 for a CPF (PF) and 14 for a CNPJ (PJ). Check digits are not verified here.
  [
    "DOCUMENTO_INVALIDO",
    `cpf_cnpj IS NULL OR NOT regexp_like(cpf_cnpj, '^[0-9]+$') OR length(cpf_cnpj) <> CASE tipo_pessoa ${Object.entries(d.DIGITOS_DOCUMENTO)
      .map(([tipo, n]) => `WHEN '${tipo}' THEN ${n}`)
      .join(" ")} END`,
  ],
  // A request cannot be dated after it landed in bronze (1 h of tolerance for producer clocks).
  ["DATA_SOLICITACAO_INVALIDA", "data_solicitacao IS NULL OR data_solicitacao > _ingested_at + INTERVAL '1' HOUR"],
  // Avro doubles can be NaN or ±Infinity; they compare false to everything, so test them first.
  ["VALOR_SOLICITADO_INVALIDO", "valor_solicitado_credito IS NULL OR NOT is_finite(valor_solicitado_credito) OR valor_solicitado_credito <= 0"],
  ["RENDA_INVALIDA", "renda_bruta_anual_declarada IS NOT NULL AND (NOT is_finite(renda_bruta_anual_declarada) OR renda_bruta_anual_declarada < 0)"],
  ["FINALIDADE_INVALIDA", `finalidade_credito IS NULL OR finalidade_credito NOT IN ${lista(d.FINALIDADES)}`],
  ["CANAL_INVALIDO", `canal_solicitacao IS NOT NULL AND canal_solicitacao NOT IN ${lista(d.CANAIS)}`],
  ["AREA_INVALIDA", "area_total_hectares IS NULL OR NOT is_finite(area_total_hectares) OR area_total_hectares <= 0"],
  ["CULTURA_DESCONHECIDA", `cultura_principal IS NULL OR cultura_principal NOT IN ${lista(d.CULTURAS)}`],
  ["ANOS_EXPERIENCIA_INVALIDO", "anos_experiencia IS NOT NULL AND (anos_experiencia < 0 OR anos_experiencia > 100)"],
  [
    "SERASA_SCORE_INVALIDO",
    `serasa_score IS NULL OR serasa_score < ${r.SCORE_MIN} OR serasa_score > ${r.SCORE_MAX}`,
  ],
  [
    "LOCALIZACAO_INVALIDA",
    `localizacao_municipio IS NULL OR trim(localizacao_municipio) = '' OR localizacao_uf IS NULL OR localizacao_uf NOT IN ${lista(d.UFS)}`,
  ],
  // Coordinates are optional, but when present both must be, and inside Brazil.
  [
    "COORDENADAS_INVALIDAS",
    `(localizacao_latitude IS NOT NULL OR localizacao_longitude IS NOT NULL) AND NOT COALESCE(` +
      `localizacao_latitude BETWEEN ${d.BRASIL.latMin} AND ${d.BRASIL.latMax} AND ` +
      `localizacao_longitude BETWEEN ${d.BRASIL.lonMin} AND ${d.BRASIL.lonMax}, FALSE)`,
  ],
  // metadata_evento.timestamp_geracao_evento is a required long: evento_gerado_em is NULL only
  // when it lies outside what a timestamp can hold (includes/conversao.js).
  ["EVENTO_GERADO_EM_INVALIDO", "evento_gerado_em IS NULL"],
];

const MOTIVOS = REGRAS.map(([motivo]) => motivo);

// ARRAY(varchar) of the broken rules' names, in the order above; empty when the record is valid.
function motivosInvalidade() {
  const itens = REGRAS.map(([motivo, invalido]) => `\n      CASE WHEN COALESCE(${invalido}, TRUE) THEN '${motivo}' END`);
  return `CAST(filter(ARRAY[${itens.join(",")}\n    ], m -> m IS NOT NULL) AS array(varchar))`;
}

module.exports = { REGRAS, MOTIVOS, motivosInvalidade };
