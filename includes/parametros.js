// Project parameters that analysts may tune per environment without editing SQL:
//   lakeform run --vars modulo_fiscal_ha=16,bronze_freshness_horas=6
// Defaults live in dataform.json ("vars"). Every value is validated as a number here, so a
// var can never inject SQL into the models that interpolate it.

function numero(nome, padrao, { min = -Infinity, max = Infinity } = {}) {
  const vars = (typeof dataform !== "undefined" && dataform.projectConfig && dataform.projectConfig.vars) || {};
  const bruto = vars[nome];
  const valor = bruto === undefined || bruto === "" ? padrao : Number(bruto);
  if (!Number.isFinite(valor) || valor < min || valor > max) {
    throw new Error(`var ${nome}=${JSON.stringify(bruto)} must be a number in [${min}, ${max}]`);
  }
  return valor;
}

// Single-quoted SQL string literal (the values here are constants from includes/, escaped anyway).
function literal(texto) {
  return `'${String(texto).replace(/'/g, "''")}'`;
}

// `('A', 'B', ...)` for IN lists.
function lista(valores) {
  return `(${valores.map(literal).join(", ")})`;
}

module.exports = { numero, literal, lista };
