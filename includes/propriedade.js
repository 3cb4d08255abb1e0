// classificacao_propriedade: land-size class of the farm, as Brazilian law defines it.
//
// Lei 8.629/1993, art. 4º, classifies rural properties in "módulos fiscais" (MF):
//   MINIFUNDIO  área < 1 MF
//   PEQUENA     1 MF ≤ área ≤ 4 MF      ("entre 1 e 4 módulos fiscais")
//   MEDIA       4 MF < área ≤ 15 MF     ("superior a 4 e até 15")
//   GRANDE      área > 15 MF
// A módulo fiscal is set by INCRA per municipality (Lei 6.746/1979; Instrução Especial
// INCRA 20/1980) and ranges from 5 ha (around metropolitan areas) to 110 ha (Amazônia).
// The events carry no municipal MF table, so we use ONE documented approximation: 20 ha
// per módulo (var `modulo_fiscal_ha`). That puts the class limits at 20 / 80 / 300 ha.
// It is an approximation for the example portfolio, not the legal value for a given farm:
// where the municipal module is larger than 20 ha (up to 110 ha in the Amazon) a farm can be
// classed larger than the law would, and smaller where it is below 20 ha. To be exact, join
// silver to INCRA's table of módulos fiscais by municipality and compare in modules.
const { numero } = require("./parametros");

const MODULO_FISCAL_HA = numero("modulo_fiscal_ha", 20, { min: 5, max: 110 });

const CLASSES = ["MINIFUNDIO", "PEQUENA", "MEDIA", "GRANDE"];

// Upper limits in hectares (inclusive for PEQUENA and MEDIA, exclusive for MINIFUNDIO).
const LIMITES_HA = {
  minifundioAbaixoDe: 1 * MODULO_FISCAL_HA,
  pequenaAte: 4 * MODULO_FISCAL_HA,
  mediaAte: 15 * MODULO_FISCAL_HA,
};

// SQL CASE: NULL when the area is missing, not positive or not finite (silver also flags
// AREA_INVALIDA); NaN compares false to every limit and would otherwise be GRANDE.
function classificacao(area) {
  return `CASE
    WHEN ${area} IS NULL OR NOT is_finite(${area}) OR ${area} <= 0 THEN NULL
    WHEN ${area} < ${LIMITES_HA.minifundioAbaixoDe} THEN 'MINIFUNDIO'
    WHEN ${area} <= ${LIMITES_HA.pequenaAte} THEN 'PEQUENA'
    WHEN ${area} <= ${LIMITES_HA.mediaAte} THEN 'MEDIA'
    ELSE 'GRANDE'
  END`;
}

// Area expressed in módulos fiscais (display only; the class compares hectares).
function modulosFiscais(area) {
  return `CASE WHEN is_finite(${area}) AND ${area} > 0 THEN ${area} / ${MODULO_FISCAL_HA} END`;
}

module.exports = { MODULO_FISCAL_HA, CLASSES, LIMITES_HA, classificacao, modulosFiscais };
