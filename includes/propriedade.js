// classificacao_propriedade: land-size class of the farm, as Brazilian law defines it.
//
// Lei 8.629/1993, art. 4º, classifies rural properties in "módulos fiscais" (MF):
//   MINIFUNDIO  área < 1 MF
//   PEQUENA     1 MF ≤ área ≤ 4 MF      ("entre 1 e 4 módulos fiscais")
//   MEDIA       4 MF < área ≤ 15 MF     ("superior a 4 e até 15")
//   GRANDE      área > 15 MF
// A módulo fiscal is set by INCRA per municipality (Lei 6.746/1979; Instrução Especial
// INCRA 20/1980) and ranges from 5 ha (around metropolitan areas) to 110 ha (Amazônia).
// Silver takes each farm's module from the seed seeds/modulos_fiscais.csv (INCRA's table for
// the municípios of the portfolio, joined on UF + município); a município missing there falls
// back to var `modulo_fiscal_ha` (default 20 ha), so a farm is never left unclassified.
const { numero } = require("./parametros");

const MODULO_FISCAL_HA = numero("modulo_fiscal_ha", 20, { min: 5, max: 110 });

const CLASSES = ["MINIFUNDIO", "PEQUENA", "MEDIA", "GRANDE"];

// Class limits in módulos (inclusive for PEQUENA and MEDIA, exclusive for MINIFUNDIO).
const LIMITES_MODULOS = { minifundioAbaixoDe: 1, pequenaAte: 4, mediaAte: 15 };

// The module of a row: the município's (a SQL expression, e.g. the seed's column), else the var.
function modulo(moduloHa) {
  return moduloHa === undefined ? String(MODULO_FISCAL_HA) : `coalesce(${moduloHa}, ${MODULO_FISCAL_HA})`;
}

// SQL CASE: NULL when the area is missing, not positive or not finite (silver also flags
// AREA_INVALIDA); NaN compares false to every limit and would otherwise be GRANDE. Compares
// hectares with multiples of the module (no division, so no rounding at the limits).
function classificacao(area, moduloHa) {
  const mf = modulo(moduloHa);
  return `CASE
    WHEN ${area} IS NULL OR NOT is_finite(${area}) OR ${area} <= 0 THEN NULL
    WHEN ${area} < ${LIMITES_MODULOS.minifundioAbaixoDe} * ${mf} THEN 'MINIFUNDIO'
    WHEN ${area} <= ${LIMITES_MODULOS.pequenaAte} * ${mf} THEN 'PEQUENA'
    WHEN ${area} <= ${LIMITES_MODULOS.mediaAte} * ${mf} THEN 'MEDIA'
    ELSE 'GRANDE'
  END`;
}

// Area expressed in módulos fiscais (display only; the class compares hectares).
function modulosFiscais(area, moduloHa) {
  return `CASE WHEN is_finite(${area}) AND ${area} > 0 THEN ${area} / ${modulo(moduloHa)} END`;
}

module.exports = { MODULO_FISCAL_HA, CLASSES, LIMITES_MODULOS, classificacao, modulosFiscais };
