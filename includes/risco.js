// faixa_risco_credito: credit-risk band from the Serasa score (0–1000, higher = better payer).
//
// The cut-offs are Serasa's own published score ranges, read as risk (the inverse):
//   Serasa "excelente"/"muito bom" 701–1000  → BAIXO
//   Serasa "bom"                  501–700   → MEDIO
//   Serasa "regular"              301–500   → ALTO
//   Serasa "baixo"                  0–300   → MUITO_ALTO
// A missing score or one outside 0–1000 gets no band (NULL) and silver flags the record
// SERASA_SCORE_INVALIDO, so gold never sees it.

const SCORE_MIN = 0;
const SCORE_MAX = 1000;

const FAIXAS = ["BAIXO", "MEDIO", "ALTO", "MUITO_ALTO"];
// The bands gold counts as "risco elevado" (location_features_agro.taxa_risco_elevado).
const FAIXAS_ELEVADAS = ["ALTO", "MUITO_ALTO"];

const LIMITES_SCORE = { muitoAltoAte: 300, altoAte: 500, medioAte: 700 };

function faixa(score) {
  return `CASE
    WHEN ${score} IS NULL OR ${score} < ${SCORE_MIN} OR ${score} > ${SCORE_MAX} THEN NULL
    WHEN ${score} <= ${LIMITES_SCORE.muitoAltoAte} THEN 'MUITO_ALTO'
    WHEN ${score} <= ${LIMITES_SCORE.altoAte} THEN 'ALTO'
    WHEN ${score} <= ${LIMITES_SCORE.medioAte} THEN 'MEDIO'
    ELSE 'BAIXO'
  END`;
}

module.exports = { SCORE_MIN, SCORE_MAX, FAIXAS, FAIXAS_ELEVADAS, LIMITES_SCORE, faixa };
