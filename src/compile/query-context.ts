/**
 * The `ctx` every contextable (SQLX body, pre/post operations, JS `.query(ctx => …)`) is called
 * with: Dataform's `ref/resolve/self/name/schema/database/when/incremental`, returning
 * Trino-quoted names.
 */

import type { Target } from "./graph.js";
import { INTERVAL_END_PLACEHOLDER, INTERVAL_START_PLACEHOLDER } from "./time-range-config.js";

/** A SQL string, list of strings, or a function of the query context returning either. */
export type Contextable = string | readonly string[] | ((ctx: QueryContext) => unknown);

export interface QueryContext {
  ref(...args: unknown[]): string;
  resolve(...args: unknown[]): string;
  self(): string;
  name(): string;
  schema(): string;
  database(): string;
  when(condition: unknown, then: string, otherwise?: string): string;
  incremental(): boolean;
  /** Time-range incrementals: the interval being built, as typed timestamps (placeholders until planned). */
  incrementalStart(): string;
  incrementalEnd(): string;
}

export interface ContextHooks {
  readonly self: Target;
  readonly sqlSelf: string;
  readonly incremental: boolean;
  /** Resolves a reference to its quoted target; `dependency` is false for `resolve()`. */
  readonly reference: (args: readonly unknown[], dependency: boolean) => string;
}

export function createQueryContext(h: ContextHooks): QueryContext {
  return {
    ref: (...args) => h.reference(args, true),
    resolve: (...args) => h.reference(args, false),
    self: () => h.sqlSelf,
    name: () => h.self.name,
    schema: () => h.self.schema,
    database: () => h.self.database,
    when: (condition, then, otherwise = "") => (condition ? then : otherwise),
    incremental: () => h.incremental,
    ...intervalBounds,
  };
}

/**
 * Also globals of the project's context: the SQLX transpiler binds only Dataform's own names
 * (`self`, `ref`, `incremental`…) inside a query, so `${incrementalStart()}` resolves as a global.
 * A model that is not a time range and uses them is reported at assembly.
 */
export const intervalBounds = {
  incrementalStart: (): string => INTERVAL_START_PLACEHOLDER,
  incrementalEnd: (): string => INTERVAL_END_PLACEHOLDER,
} as const;

/** Calls a contextable and normalises the result to a list of SQL strings. */
export function evaluateContextable(c: Contextable, ctx: QueryContext): string[] {
  const v = typeof c === "function" ? c(ctx) : c;
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.map((x) => String(x));
  if (v === undefined || v === null) return [];
  return [String(v)];
}
