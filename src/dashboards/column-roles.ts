/**
 * What a column is for on a dashboard, from its documented type, its name and its description:
 * a time axis, a rate (0–1), a count, a numeric measure, a low-cardinality dimension (a
 * template variable and a "by X" bar chart), an identifier, or nothing.
 */

export type ColumnRole = "time" | "rate" | "count" | "measure" | "dimension" | "identifier" | "flag" | "other";

export interface ColumnInfo {
  readonly name: string;
  readonly type?: string | undefined;
  readonly description?: string | undefined;
}

export interface ClassifiedColumn extends ColumnInfo {
  readonly role: ColumnRole;
}

const NUMERIC = /^(tinyint|smallint|integer|int|bigint|real|double|decimal|numeric)/i;
const INTEGER = /^(tinyint|smallint|integer|int|bigint)\b/i;
const TEMPORAL = /^(timestamp|date|time)/i;

const RATE_NAME = /^(taxa|pct|percent|percentual|proporcao|ratio|rate|share)_|_(rate|ratio|pct|share|taxa)$/i;
/** "% of…", "rate", "(0–1)", "taxa" in the docs mark a rate even with an unusual name. */
const RATE_DOC = /(^|\W)(%|taxa|rate|ratio|fra[cç][aã]o|propor[cç][aã]o|percentual|\(0\s*[–-]\s*1\))/i;
const COUNT_NAME = /^(total|qtd|quantidade|num|numero|n|count|dias|anos)_|_(count|total|qtd)$/i;
const TIME_NAME = /(_at|_ts|_timestamp|_time|_date|_em)$|^(data|dt|ultima|ultimo|primeira|primeiro)_/i;
const ID_NAME = /(^id$|_id$|^cpf|^cnpj|_key$|matricula|^nome|razao_social)/i;
const DIMENSION_NAME = /^(faixa|perfil|classificacao|classe|tipo|categoria|segmento|status|uf|regiao|cultura|densidade|volatilidade|finalidade|canal)(_|$)|_(uf|tipo|status|categoria|classe|segmento)$|^localizacao_uf$/i;
const MEASURE_NAME = /(_medio|_media|_mediano|_total|^valor_|^area_|score|_hectares|_valor)(_|$)/i;
/** Docs that enumerate values ("NOVO ou RECORRENTE", "BAIXO, MEDIO, ALTO") mark a dimension. */
const ENUM_DOC = /\b[A-Z][A-Z_]{1,}\b(\s*(,|ou|or|\/)\s*\b[A-Z][A-Z_]{1,}\b)+/;

export function classifyColumn(c: ColumnInfo): ClassifiedColumn {
  const type = c.type?.trim().toLowerCase() ?? "";
  const doc = c.description ?? "";
  const role = ((): ColumnRole => {
    if (TEMPORAL.test(type)) return "time";
    if (type === "boolean") return "flag";
    if (ID_NAME.test(c.name)) return "identifier";
    if (NUMERIC.test(type)) {
      if (RATE_NAME.test(c.name) || (RATE_DOC.test(doc) && !COUNT_NAME.test(c.name))) return "rate";
      if (COUNT_NAME.test(c.name) || (INTEGER.test(type) && /count|n[uú]mero|quantidade/i.test(doc))) return "count";
      return "measure";
    }
    if (type) return DIMENSION_NAME.test(c.name) || ENUM_DOC.test(doc) ? "dimension" : "other";
    // Undocumented type: the name is the strongest hint, then the docs.
    if (TIME_NAME.test(c.name)) return "time";
    if (RATE_NAME.test(c.name)) return "rate";
    if (COUNT_NAME.test(c.name)) return "count";
    if (DIMENSION_NAME.test(c.name)) return "dimension";
    if (MEASURE_NAME.test(c.name)) return "measure";
    if (ENUM_DOC.test(doc)) return "dimension";
    if (RATE_DOC.test(doc)) return "rate";
    return "other";
  })();
  return { ...c, role };
}

/** Columns whose value is when the row was computed, not when the business event happened. */
export function isBookkeepingTime(name: string): boolean {
  return /^(feature_timestamp|processed_at|updated_at|loaded_at|_ingested_at)$/i.test(name);
}
