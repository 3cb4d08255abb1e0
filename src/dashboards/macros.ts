/**
 * What Grafana and the Trino data source plugin do to a panel's SQL before Trino sees it:
 * template variables (`$var`, `${var}`, `${var:sqlstring}`, `${var:csv}`) and the plugin's
 * macros. The macro output follows the plugin's documented expansions:
 *   $__timeFilter(c)     → c BETWEEN TIMESTAMP 'from' AND TIMESTAMP 'to'   (UTC)
 *   $__timeGroup(c, '1h') → FROM_UNIXTIME(FLOOR(TO_UNIXTIME(c)/3600)*3600)
 *   $__timeFrom(), $__timeTo(), $__dateFilter(c), $__unixEpochFilter(c)
 * Used to run every generated query against Trino in tests and in `dashboards --check`.
 */
import { quoteString } from "../adapters/trino/quote.js";

export interface QueryContext {
  readonly from: Date;
  readonly to: Date;
  /** Variable name → selected values ("All" = every option). */
  readonly variables: Readonly<Record<string, readonly string[]>>;
}

const pad = (n: number) => String(n).padStart(2, "0");
const timestamp = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const day = (d: Date) => timestamp(d).slice(0, 10);

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

export function intervalSeconds(spec: string): number {
  const m = /^\s*'?(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)'?\s*$/.exec(spec);
  if (!m) throw new Error(`bad interval ${spec} (use e.g. '5m', '1h', '1d')`);
  return Number(m[1]) * (UNITS[m[2] ?? "s"] ?? 1);
}

/** Arguments of a macro call starting at `open` (the index of "("), split at top-level commas. */
function callArgs(sql: string, open: number): { args: string[]; end: number } {
  const args: string[] = [];
  let depth = 0;
  let quote = false;
  let start = open + 1;
  for (let i = open; i < sql.length; i++) {
    const ch = sql[i];
    if (ch === "'") quote = !quote;
    if (quote) continue;
    if (ch === "(") depth++;
    else if (ch === ")") {
      depth--;
      if (depth === 0) {
        const last = sql.slice(start, i).trim();
        if (last || args.length) args.push(last);
        return { args, end: i + 1 };
      }
    } else if (ch === "," && depth === 1) {
      args.push(sql.slice(start, i).trim());
      start = i + 1;
    }
  }
  throw new Error(`unbalanced parentheses in macro call at ${open}`);
}

function expandMacro(name: string, args: string[], ctx: QueryContext): string {
  const col = args[0] ?? "";
  switch (name) {
    case "timeFilter":
      return `${col} BETWEEN TIMESTAMP '${timestamp(ctx.from)}' AND TIMESTAMP '${timestamp(ctx.to)}'`;
    case "timeGroup": {
      const s = intervalSeconds(args[1] ?? "'1h'");
      return `FROM_UNIXTIME(FLOOR(TO_UNIXTIME(${col})/${s})*${s})`;
    }
    case "timeFrom":
      return `TIMESTAMP '${timestamp(ctx.from)}'`;
    case "timeTo":
      return `TIMESTAMP '${timestamp(ctx.to)}'`;
    case "dateFilter":
      return `${col} BETWEEN date '${day(ctx.from)}' AND date '${day(ctx.to)}'`;
    case "unixEpochFilter":
      return `${col} BETWEEN ${Math.floor(ctx.from.getTime() / 1000)} AND ${Math.floor(ctx.to.getTime() / 1000)}`;
    default:
      throw new Error(`unknown macro $__${name}`);
  }
}

export function expandMacros(sql: string, ctx: QueryContext): string {
  let out = "";
  let i = 0;
  const re = /\$__([A-Za-z]+)\(/g;
  for (let m = re.exec(sql); m; m = re.exec(sql)) {
    const open = m.index + m[0].length - 1;
    const { args, end } = callArgs(sql, open);
    out += sql.slice(i, m.index) + expandMacro(m[1] ?? "", args, ctx);
    i = end;
    re.lastIndex = end;
  }
  return out + sql.slice(i);
}


function formatValues(values: readonly string[], format: string | undefined): string {
  switch (format) {
    case "sqlstring":
    case "singlequote":
      return values.map(quoteString).join(",");
    case "doublequote":
      return values.map((v) => `"${v.replace(/"/g, '\\"')}"`).join(",");
    case undefined:
    case "csv":
    case "raw":
      return values.join(",");
    default:
      throw new Error(`unsupported variable format :${format}`);
  }
}

export function interpolateVariables(sql: string, variables: QueryContext["variables"]): string {
  return sql
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([a-z]+))?\}/g, (whole, name: string, format: string | undefined) => {
      const v = variables[name];
      if (!v) throw new Error(`undefined template variable \${${name}}`);
      return formatValues(v, format);
    })
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, name: string) => {
      if (whole.startsWith("$__")) return whole;
      const v = variables[name];
      return v ? formatValues(v, undefined) : whole;
    });
}

/** The SQL Trino receives for a panel query. */
export function expandQuery(sql: string, ctx: QueryContext): string {
  return expandMacros(interpolateVariables(sql, ctx.variables), ctx);
}
