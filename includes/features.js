// Thresholds of the gold feature tables (categorical features derived from aggregates).

// perfil_frequencia (proponente_features_agro): an applicant with at least this many valid
// requests is RECORRENTE, otherwise NOVO.
const PERFIS_FREQUENCIA = ["NOVO", "RECORRENTE"];
const MIN_SOLICITACOES_RECORRENTE = 2;

// perfil_volatilidade (proponente_features_agro): VOLATIL when the coefficient of variation
// (sample stddev / mean) of the amounts an applicant asked for exceeds this. 0.5 means the
// amounts typically stray more than half their mean from it: a signal the requests are not
// sized by a stable operation. With a single request there is no variation: CONSISTENTE.
const PERFIS_VOLATILIDADE = ["CONSISTENTE", "VOLATIL"];
const CV_VOLATIL_PROPONENTE = 0.5;

// volatilidade_credito (risk_features_agro): the same measure over all requests of a
// (risk band, crop) segment. Segments mix farms of every size, so their natural spread is
// wider than one applicant's: the cut-off is 1.0 (stddev larger than the mean).
const VOLATILIDADES_SEGMENTO = ["HOMOGENEO", "VOLATIL"];
const CV_VOLATIL_SEGMENTO = 1.0;

// densidade_proponentes (location_features_agro): how many distinct applicants a
// municipality has, relative to the other municipalities in the portfolio (percent_rank of
// total_proponentes): bottom third BAIXA, middle MEDIA, top third ALTA. Relative, so it
// means the same with 1 000 or 10 000 000 requests.
const DENSIDADES = ["BAIXA", "MEDIA", "ALTA"];
const DENSIDADE_CORTES = { baixaAbaixoDe: 1 / 3, altaAPartirDe: 2 / 3 };

// score_risco_ajustado (risk_features_agro), 0 (safest) … 1 (riskiest), a weighted sum of
// three shares in [0,1]; the weights add up to 1 so the score stays in [0,1]:
//   70% credit history:   1 − serasa_score_medio / 1000
//   20% environmental:    share of requests with active IBAMA infractions (embargo risk)
//   10% inexperience:     share of applicants without experience in the activity
const PESOS_SCORE_RISCO = { serasa: 0.7, ibama: 0.2, semExperiencia: 0.1 };

// Coefficient of variation as SQL: NULL for a single value or a zero mean.
function coeficienteVariacao(col) {
  return `stddev_samp(${col}) / nullif(avg(${col}), 0)`;
}

module.exports = {
  PERFIS_FREQUENCIA,
  MIN_SOLICITACOES_RECORRENTE,
  PERFIS_VOLATILIDADE,
  CV_VOLATIL_PROPONENTE,
  VOLATILIDADES_SEGMENTO,
  CV_VOLATIL_SEGMENTO,
  DENSIDADES,
  DENSIDADE_CORTES,
  PESOS_SCORE_RISCO,
  coeficienteVariacao,
};
