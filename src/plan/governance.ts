/**
 * Governance settings of a model, applied to its planned task: Trino session properties on each
 * of its statements (`trino: { session }`), `GRANT SELECT … TO ROLE` after it is built (or a
 * clear refusal where the catalog has no grants), and enforced contracts — a column documented
 * with a `type` must be the type the query returns, checked before anything runs.
 */

import type { Diagnostic } from "../common/errors.js";
import type { Action, Graph } from "../compile/graph.js";
import type { Dialect } from "./dialect.js";
import type { WarehouseState } from "./introspection.js";
import type { RenderedStatement, TargetState, WarehouseColumn } from "./render-types.js";
import { commentStatements, type ColumnCommentState } from "./column-comments.js";

/** Reads after a task's writes: grants go before them. */
const FOLLOW_UPS = new Set(["snapshot-id", "sample", "store-failures"]);

/**
 * A model's query can be probed before the run only when what it reads exists already: on a first
 * build its inputs are created by the same run (then contracts and comments wait for the next run).
 */
export function inputsExist(graph: Graph, state: WarehouseState, a: Action): boolean {
  const byKey = new Map(graph.actions.map((x) => [x.key, x]));
  return a.dependencies.every((k) => {
    const dep = byKey.get(k);
    if (!dep || dep.kind === "declaration" || dep.kind === "assertion" || dep.kind === "test" || dep.kind === "operations") return true;
    return state.relations.get(k)?.exists === true;
  });
}

/** Models whose `columns` declare a type: their query's columns are read before planning. */
export function contractedModels(graph: Graph, keys: ReadonlySet<string>): Action[] {
  return graph.actions.filter((a) => keys.has(a.key) && (a.kind === "table" || a.kind === "view" || a.kind === "incremental") && a.columns.some((c) => c.type && c.path.length === 1));
}

/** Type spellings that mean the same: blanks, `int`, and a `varchar` contract accepting any length. */
function normalType(t: string): string {
  return t.trim().toLowerCase().replace(/\s+/g, " ").replace(/\s*([(),])\s*/g, "$1").replace(/\)with/g, ") with").replace(/^int$/, "integer");
}

function sameType(declared: string, actual: string): boolean {
  const d = normalType(declared);
  const a = normalType(actual);
  return d === a || (d === "varchar" && /^varchar\(\d+\)$/.test(a)) || (d === "char" && /^char\(\d+\)$/.test(a));
}

export function contractDiagnostics(a: Action, columns: readonly WarehouseColumn[]): Diagnostic[] {
  if (!("columns" in a)) return [];
  const actual = new Map(columns.map((c) => [c.name.toLowerCase(), c.type]));
  const out: Diagnostic[] = [];
  for (const c of a.columns) {
    const name = c.path[0];
    if (!c.type || c.path.length !== 1 || name === undefined) continue;
    const found = actual.get(name.toLowerCase());
    const what =
      found === undefined ? `the query has no column "${name}" (it returns ${columns.map((x) => x.name).join(", ")})` : sameType(c.type, found) ? undefined : `column "${name}" is ${found}, the contract says ${c.type}`;
    if (what === undefined) continue;
    out.push({
      severity: "error",
      code: "contract-violated",
      message: `${a.key}: ${what}`,
      location: a.location,
      hint: found === undefined ? "add the column to the query, or remove it from `columns`" : `CAST it in the query (CAST(… AS ${c.type}) AS ${name}), or change the column's type in \`columns\``,
    });
  }
  return out;
}

function grantStatements(d: Dialect, a: Action, diagnostics: Diagnostic[]): RenderedStatement[] {
  const roles = a.grants?.select ?? [];
  if (!roles.length) return [];
  if (d.grantsUnsupported !== undefined) {
    diagnostics.push({
      severity: "error",
      code: "grants-unsupported",
      message: `${a.key}: grants { select: [${roles.join(", ")}] } cannot be applied: ${d.grantsUnsupported}`,
      location: a.location,
      hint: "remove `grants` and grant access in the system that guards the catalog (e.g. Trino's file-based or OPA access control), or use a catalog whose connector supports GRANT",
    });
    return [];
  }
  return roles.map((role) => ({ role: "grant" as const, sql: d.grantSelect(a.target, role) }));
}

interface Task {
  readonly key: string;
  readonly statements: readonly RenderedStatement[];
}

export interface GovernanceInput {
  readonly contractColumns?: ReadonlyMap<string, readonly WarehouseColumn[]> | undefined;
  readonly columnComments?: ColumnCommentState | undefined;
  readonly states: ReadonlyMap<string, TargetState>;
}

export function applyGovernance<T extends Task>(d: Dialect, graph: Graph, tasks: readonly T[], input: GovernanceInput, diagnostics: Diagnostic[]): (T & { session?: Readonly<Record<string, string>> })[] {
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  return tasks.map((t) => {
    const a = byKey.get(t.key);
    if (!a) return t;
    const columns = input.contractColumns?.get(a.key);
    if (columns) diagnostics.push(...contractDiagnostics(a, columns));
    const own = t.statements.filter((s) => !FOLLOW_UPS.has(s.role));
    const grants = t.statements.length ? [...commentStatements(d, a, own, input.states.get(a.key) ?? { exists: false }, input.columnComments), ...grantStatements(d, a, diagnostics)] : [];
    const at = t.statements.findIndex((s) => FOLLOW_UPS.has(s.role));
    const split = at < 0 ? t.statements.length : at;
    const statements = grants.length ? [...t.statements.slice(0, split), ...grants, ...t.statements.slice(split)] : t.statements;
    return { ...t, statements, ...(a.session ? { session: a.session } : {}) };
  });
}
