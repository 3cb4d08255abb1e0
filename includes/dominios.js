// Domains (accepted values) shared by silver's validity rule and by the gold assertions
// `acceptedValues`: one list, so a rule and its check cannot drift apart.

// Person type of the applicant: pessoa física (CPF, 11 digits) or jurídica (CNPJ, 14 digits).
const TIPOS_PESSOA = ["PF", "PJ"];
const DIGITOS_DOCUMENTO = { PF: 11, PJ: 14 };

// Purposes of rural credit in the Manual de Crédito Rural (MCR 2-1): custeio, investimento,
// comercialização, industrialização.
const FINALIDADES = ["CUSTEIO", "INVESTIMENTO", "COMERCIALIZACAO", "INDUSTRIALIZACAO"];

// Request channel, since Avro schema v2 (NULL for v1 events, which is valid).
const CANAIS = ["APP", "AGENCIA", "COOPERATIVA", "CORRESPONDENTE"];

// The 26 states and the Distrito Federal.
const UFS = [
  "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
  "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
];

// Main activities the credit desk underwrites. A request for anything else is flagged
// CULTURA_DESCONHECIDA in silver (and kept out of gold) until someone adds it here.
const CULTURAS = [
  "ALGODAO", "ARROZ", "AVICULTURA", "CAFE", "CANA_DE_ACUCAR", "FEIJAO", "FRUTICULTURA",
  "HORTICULTURA", "MILHO", "PECUARIA_CORTE", "PECUARIA_LEITE", "SOJA", "SUINOCULTURA", "TRIGO",
];

// Rough bounding box of Brazil (decimal degrees): Arroio Chuí (S) to Monte Caburaí (N),
// Serra do Divisor (W) to Ilha do Martim Vaz (E). Coordinates outside it are typos/swaps.
const BRASIL = { latMin: -33.8, latMax: 5.3, lonMin: -74.0, lonMax: -28.8 };

module.exports = { TIPOS_PESSOA, DIGITOS_DOCUMENTO, FINALIDADES, CANAIS, UFS, CULTURAS, BRASIL };
