/**
 * BigQuery/Snowflake/Redshift SQL → Trino SQL with `@polyglot-sql/sdk` (a port of sqlglot), plus
 * Lakeform's own fixes for what it gets wrong for Trino 476 (each checked on Trino):
 *
 * - backticked `project.dataset.table` becomes ONE identifier "project.dataset.table" → split first;
 * - TIMESTAMP_TRUNC/DATETIME_TRUNC('DAY', x), DATEDIFF(DAY, a, b) and DATE_SUB('DAY', n, x) are
 *   emitted, which Trino lacks;
 * - FORMAT_DATE/FORMAT_TIMESTAMP/PARSE_DATE/PARSE_TIMESTAMP, STRING_AGG, ARRAY_TO_STRING,
 *   LAST_DAY and ARRAY_AGG(… LIMIT n) are passed through unchanged, which Trino rejects;
 * - EXTRACT(DAYOFWEEK …) becomes EXTRACT(DOW …): Trino numbers Monday 1, BigQuery Sunday 1.
 *
 * What neither can translate (SELECT * EXCEPT, IN UNNEST, query parameters, …) is reported with
 * the line it is on, never silently kept.
 */

import { Dialect, transpile } from "@polyglot-sql/sdk";
import { quoteString } from "../adapters/trino/quote.js";
import { maskTemplates } from "./js-template.js";
import { literal, rewriteCalls } from "./sql-calls.js";
import { TRINO_FUNCTIONS } from "./trino-functions.js";

export type SourceDialect = "bigquery" | "snowflake" | "redshift";

const DIALECTS: Readonly<Record<SourceDialect, Dialect>> = {
  bigquery: Dialect.BigQuery,
  snowflake: Dialect.Snowflake,
  redshift: Dialect.Redshift,
};

export interface SqlProblem {
  /** 1-based line within the translated fragment's ORIGINAL text. */
  readonly line: number;
  readonly message: string;
}

export interface SqlTranslation {
  readonly sql: string;
  readonly problems: readonly SqlProblem[];
}

export interface TranslateOptions {
  readonly from: SourceDialect;
  /** Warehouse project/database names → Trino catalog, for three-part names written in SQL. */
  readonly catalogs?: Readonly<Record<string, string>>;
}

/** strftime (BigQuery) → MySQL-style (Trino's date_format/date_parse); undefined if a directive has no equivalent. */
const FORMAT: Readonly<Record<string, string>> = {
  Y: "%Y", y: "%y", m: "%m", d: "%d", e: "%e", H: "%H", I: "%I", M: "%i", S: "%s", p: "%p", j: "%j",
  b: "%b", h: "%b", B: "%M", a: "%a", A: "%W", F: "%Y-%m-%d", T: "%H:%i:%s", D: "%m/%d/%y", "%": "%%",
};

function trinoFormat(bq: string): string | undefined {
  let out = "";
  for (let i = 0; i < bq.length; i++) {
    if (bq[i] !== "%") {
      out += bq[i];
      continue;
    }
    const t = FORMAT[bq[i + 1] ?? ""];
    if (t === undefined) return undefined;
    out += t;
    i++;
  }
  return out;
}

const quote = quoteString;

/** Splits backticked dotted names so each part is an identifier, mapping the project to its catalog. */
function splitBacktickNames(sql: string, catalogs: Readonly<Record<string, string>>): string {
  return sql.replace(/`([^`]+)`/g, (whole, name: string) => {
    if (!name.includes(".")) return whole;
    const parts = name.split(".");
    if (parts.length === 3 && parts[0] !== undefined && catalogs[parts[0]]) parts[0] = catalogs[parts[0]] ?? parts[0];
    return parts.map((p) => `\`${p}\``).join(".");
  });
}

function fixForTrino(sql: string): string {
  let s = sql;
  for (const fn of ["TIMESTAMP_TRUNC", "DATETIME_TRUNC", "TIME_TRUNC"]) {
    s = rewriteCalls(s, fn, ([unit, x]) => (literal(unit) && x ? `date_trunc(${quote((literal(unit) ?? "").toLowerCase())}, ${x})` : undefined));
  }
  // polyglot writes DATE_SUB('DAY', n, d) for DATE_SUB/TIMESTAMP_SUB; Trino only has date_add.
  s = rewriteCalls(s, "DATE_SUB", ([unit, n, x]) => (literal(unit) && n && x ? `date_add(${quote((literal(unit) ?? "").toLowerCase())}, -(${n}), ${x})` : undefined));
  s = rewriteCalls(s, "DATEDIFF", ([unit, a, b]) => (unit && /^[A-Za-z]+$/.test(unit) && a && b ? `date_diff('${unit.toLowerCase()}', ${a}, ${b})` : undefined));
  for (const fn of ["FORMAT_DATE", "FORMAT_TIMESTAMP", "FORMAT_DATETIME"]) {
    s = rewriteCalls(s, fn, ([fmt, x, tz]) => {
      const f = trinoFormat(literal(fmt) ?? "\u0000");
      if (f === undefined || !x) return undefined;
      return `date_format(${tz ? `${x} AT TIME ZONE ${tz}` : x}, ${quote(f)})`;
    });
  }
  s = rewriteCalls(s, "PARSE_DATE", ([fmt, x]) => {
    const f = trinoFormat(literal(fmt) ?? "\u0000");
    return f !== undefined && x ? `CAST(date_parse(${x}, ${quote(f)}) AS DATE)` : undefined;
  });
  for (const fn of ["PARSE_TIMESTAMP", "PARSE_DATETIME"]) {
    s = rewriteCalls(s, fn, ([fmt, x]) => {
      const f = trinoFormat(literal(fmt) ?? "\u0000");
      return f !== undefined && x ? `date_parse(${x}, ${quote(f)})` : undefined;
    });
  }
  s = rewriteCalls(s, "STRING_AGG", ([x, sep]) => {
    if (!x) return undefined;
    const m = /^(.*?)(\s+ORDER\s+BY\s+[\s\S]*)?$/i.exec(sep ?? "''");
    return `array_join(array_agg(${x}${m?.[2] ?? ""}), ${m?.[1] ?? "''"})`;
  });
  s = rewriteCalls(s, "ARRAY_TO_STRING", ([a, sep, nullText]) => (a && sep ? `array_join(${a}, ${sep}${nullText ? `, ${nullText}` : ""})` : undefined));
  s = rewriteCalls(s, "LAST_DAY", (args) => (args.length === 1 ? `last_day_of_month(${args[0]})` : undefined));
  s = rewriteCalls(s, "ARRAY_AGG", ([x, ...rest]) => {
    const m = x && rest.length === 0 ? /^([\s\S]*?)\s+LIMIT\s+(\d+)$/i.exec(x) : null;
    return m ? `slice(array_agg(${m[1]}), 1, ${m[2]})` : undefined;
  });
  s = s.replace(/\bEXTRACT\s*\(\s*DOW\s+FROM\s+/gi, "EXTRACT(DAYOFWEEK_SUNDAY_1 FROM ");
  s = rewriteCalls(s, "EXTRACT", ([arg]) => {
    const m = arg ? /^DAYOFWEEK_SUNDAY_1 FROM ([\s\S]+)$/.exec(arg) : null;
    return m ? `(day_of_week(${m[1]}) % 7 + 1)` : undefined;
  });
  return s;
}

/** What Trino 476 rejects or means differently, looked for in the translated SQL. */
const LEFTOVERS: readonly (readonly [RegExp, string])[] = [
  [/\*\s*(EXCEPT|REPLACE)\s*\(/i, "SELECT * EXCEPT/REPLACE (…) has no Trino equivalent: list the columns"],
  // polyglot rewrites a top-level QUALIFY only; one inside a subquery is left for Trino to reject.
  [/\bQUALIFY\b/i, "QUALIFY inside a subquery is left as written (Trino has no QUALIFY): filter on ROW_NUMBER() in an outer query"],
  [/\bIN\s*\(\s*SELECT\s+UNNEST\s*\(/i, "x IN UNNEST(array) became IN (SELECT UNNEST(…)), which Trino rejects: use contains(array, x)"],
  [/\b(FORMAT|PARSE)_(DATE|TIMESTAMP|DATETIME|TIME)\s*\(/i, "FORMAT_/PARSE_ date function with a format that is not a literal or has no Trino (date_format) directive"],
  [/\b(TIMESTAMP|DATETIME|TIME)_TRUNC\s*\(|\bDATEDIFF\s*\(/i, "date truncation/difference the fix-ups could not rewrite: use date_trunc/date_diff"],
  [/\bSTRING_AGG\s*\(|\bARRAY_AGG\s*\([^)]*\bLIMIT\b/i, "aggregate with no Trino form: use array_join(array_agg(…)) / slice(array_agg(…), 1, n)"],
  [/\bGENERATE_(DATE_|TIMESTAMP_)?ARRAY\s*\(|\bSEQUENCE\s*\(\s*'/i, "date/number ranges: use sequence() with DATE/TIMESTAMP typed bounds"],
  [/\bARRAY\s*\(\s*SELECT\s+AS\s+STRUCT\b/i, "ARRAY(SELECT AS STRUCT …) has no Trino equivalent: aggregate rows with array_agg(CAST(ROW(…) AS ROW(…)))"],
  [/\bFARM_FINGERPRINT\s*\(/i, "FARM_FINGERPRINT has no Trino equivalent (xxhash64(to_utf8(x)) hashes differently)"],
  [/\b(MD5|SHA1|SHA256|SHA512)\s*\(/i, "hash functions take varbinary in Trino: wrap a string argument in to_utf8()"],
  [/\bNET\.\w+\s*\(|\bSAFE\.\w+\s*\(/i, "NET./SAFE. functions have no Trino equivalent (url_extract_* / try())"],
  [/\bCREATE\s+TEMP(ORARY)?\s+FUNCTION\b/i, "temporary SQL functions: Trino 476 needs WITH FUNCTION inline or a catalog function"],
  [/\bEXTRACT\s*\(\s*DATE\s+FROM\b/i, "EXTRACT(DATE FROM ts): use CAST(ts AS DATE)"],
  [/\bDIV\s*\(/i, "DIV(a, b): integer division in Trino is a / b on integers"],
  [/(^|[^@\w])@@?[A-Za-z_]\w*/, "query parameters / system variables (@name) have no Trino equivalent: use a project var"],
];

/** SQL forms written like calls that are not in SHOW FUNCTIONS, and types with parameters. */
const SYNTAX = new Set([
  "if", "coalesce", "nullif", "cast", "try_cast", "try", "extract", "row", "array", "in", "exists", "values", "unnest",
  "over", "filter", "within", "grouping", "lateral", "table", "decimal", "numeric", "varchar", "char", "timestamp",
  "time", "interval", "map", "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
  "position", "substring", "trim", "normalize", "json_query", "json_value", "json_exists", "json_object", "json_array",
]);

/** Functions the translated SQL calls that Trino 476 does not have. */
function unknownFunctions(sql: string): string[] {
  const names = new Set<string>();
  for (const m of sql.matchAll(/(?<!\bAS\s+)(?<![.\w"])([A-Za-z_][A-Za-z0-9_]*)\(/gi)) {
    const name = (m[1] ?? "").toLowerCase();
    if (!TRINO_FUNCTIONS.has(name) && !SYNTAX.has(name) && !/^__lf_js_\d+__$/.test(name)) names.add(m[1] ?? name);
  }
  return [...names];
}

function lineOfPattern(original: string, pattern: RegExp): number {
  const m = pattern.exec(original);
  if (!m) return 1;
  return original.slice(0, m.index).split("\n").length;
}

/** Whether the text is only comments and whitespace (nothing to transpile). */
function isBlank(sql: string): boolean {
  return sql.replace(/--[^\n]*/g, "").replace(/\/\*[\s\S]*?\*\//g, "").trim() === "";
}

export function translateSql(original: string, options: TranslateOptions): SqlTranslation {
  const masked = maskTemplates(original);
  // Nothing but comments and `${…}` (e.g. a pre_operations block holding one when()): nothing to translate.
  if (isBlank(masked.sql)) return { sql: original, problems: [] };
  const trailing = /\/\*__lf_js_(\d+)__\*\/\s*$/.exec(masked.sql);
  const last = trailing ? masked.expressions[Number(trailing[1])] : undefined;
  if (last !== undefined) {
    // A clause at the very end (`${when(incremental(), `WHERE …`)}`): translate what precedes it and keep
    // it after. Some rewrites (comma-UNNEST to CROSS JOIN, QUALIFY to a subquery) would drop its placeholder.
    const at = original.lastIndexOf(last);
    const head = translateSql(original.slice(0, at), options);
    return { sql: head.sql === original.slice(0, at) ? original : `${head.sql.trimEnd()}\n${original.slice(at).trimStart()}`, problems: head.problems };
  }
  const input = options.from === "bigquery" ? splitBacktickNames(masked.sql, options.catalogs ?? {}) : masked.sql;
  const r = transpile(input, DIALECTS[options.from], Dialect.Trino, { pretty: true });
  if (!r.success || !r.sql) {
    return { sql: original, problems: [{ line: r.errorLine ?? 1, message: `not translated: the ${options.from} SQL does not parse (${(r.error ?? "unknown error").split("\n")[0]})` }] };
  }
  const fixed = fixForTrino(r.sql.join(";\n\n"));
  const lost = masked.expressions.findIndex((_e, n) => !new RegExp(`__lf_js_${n}__`, "i").test(fixed));
  if (lost >= 0) {
    // Seen with QUALIFY: the rewrite to a subquery drops the comment standing for `${when(…)}`.
    const expr = masked.expressions[lost] ?? "";
    return { sql: original, problems: [{ line: original.slice(0, original.indexOf(expr)).split("\n").length, message: `not translated: the transpiler dropped the JavaScript expression ${expr.length > 40 ? `${expr.slice(0, 40)}…` : expr}; translate this SQL by hand` }] };
  }
  const problems: SqlProblem[] = [];
  if (/\bSTRUCT\s*\(/i.test(masked.sql) && /(?<!CAST\s*\(\s*)(?<!\bAS\s+)(?<![.\w])ROW\s*\(/i.test(fixed)) {
    problems.push({ line: lineOfPattern(masked.sql, /\bSTRUCT\s*\(/i), message: "not translated: STRUCT(x AS a, …) became ROW(x, …) without field names (types unknown): write CAST(ROW(x, …) AS ROW(a type, …))" });
  }
  const noStrings = (sql: string): string => sql.replace(/'(?:[^']|'')*'/g, "''");
  for (const [pattern, message] of LEFTOVERS) {
    if (pattern.test(noStrings(fixed))) {
      // Point at the construct in the original text when it is written the same way there.
      const source = new RegExp(pattern.source.replace(/\\bIN\\s\*\\\(\\s\*SELECT\\s\+UNNEST/, "\\bIN\\s+UNNEST"), pattern.flags);
      problems.push({ line: lineOfPattern(noStrings(masked.sql), source), message: `not translated: ${message}` });
    }
  }
  const reported = problems.map((p) => p.message.toLowerCase()).join("\n");
  for (const name of unknownFunctions(noStrings(fixed).replace(/"[^"]*"/g, '""'))) {
    if (reported.includes(name.toLowerCase())) continue;
    problems.push({ line: lineOfPattern(noStrings(masked.sql), new RegExp(`\\b${name}\\s*\\(`, "i")), message: `not translated: ${name}() is not a Trino 476 function` });
  }
  // Inside `${…}` JS (e.g. when(incremental(), `…`)) the SQL is not touched: say so where it looks warehouse-specific.
  masked.expressions.forEach((expr) => {
    if (/\b(SAFE_CAST|SAFE_DIVIDE|DATE_SUB|DATE_ADD|DATE_DIFF|TIMESTAMP_\w+|DATETIME_\w+|FORMAT_\w+|PARSE_\w+|IFNULL|COUNTIF|QUALIFY|INT64|FLOAT64|STRUCT|STRING_AGG)\b/i.test(expr)) {
      problems.push({ line: original.slice(0, original.indexOf(expr)).split("\n").length, message: "not translated: SQL inside a ${…} JavaScript expression is left as written; translate it by hand" });
    }
  });
  return { sql: masked.restore(fixed), problems };
}
