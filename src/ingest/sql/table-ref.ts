import type { TableRef } from "../stream-decl.js";
import { quoteIdent } from "./trino-type.js";

export function tableSql(t: TableRef): string {
  return `${quoteIdent(t.catalog)}.${quoteIdent(t.schema)}.${quoteIdent(t.table)}`;
}

export function tableName(t: TableRef): string {
  return `${t.catalog}.${t.schema}.${t.table}`;
}
