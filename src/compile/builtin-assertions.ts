/**
 * Assertions generated from a relation's `assertions {}` block. Names and SQL of `uniqueKey`,
 * `nonNull` and `rowConditions` follow Dataform exactly (so the compatibility oracle can compare
 * them); `acceptedValues` and `relationships` are Lakeform extensions.
 */

import type { ProjectSettings } from "../config/project.js";
import type { AssertionsConfig } from "./config-schema.js";
import type { ActionDraft } from "./drafts.js";
import { newDraft } from "./drafts.js";
import type { Target } from "./graph.js";
import type { QueryContext } from "./query-context.js";
import type { SqlQuoting } from "../common/sql-quoting.js";
import { findOffset, keyPattern, locationAt } from "../common/text-position.js";

export interface ParentInfo {
  readonly draft: ActionDraft;
  readonly key: string;
  readonly canonicalTarget: Target;
  readonly sqlTarget: string;
  readonly tags: readonly string[];
  readonly disabled: boolean;
  readonly text: string;
}

export function indexAssertionSql(target: string, columns: readonly string[]): string {
  const cols = columns.join(", ");
  return `\nSELECT\n  *\nFROM (\n  SELECT\n    ${cols},\n    COUNT(1) AS index_row_count\n  FROM ${target}\n  GROUP BY ${cols}\n  ) AS data\nWHERE index_row_count > 1\n`;
}

export function rowConditionsSql(q: SqlQuoting, target: string, conditions: readonly string[]): string {
  return conditions.map((c) => `\nSELECT\n  ${q.quoteLiteral(c)} AS failing_row_condition,\n  *\nFROM ${target}\nWHERE NOT (${c})\n`).join("UNION ALL");
}

export function acceptedValuesSql(q: SqlQuoting, target: string, accepted: Readonly<Record<string, readonly (string | number | boolean)[]>>): string {
  return Object.entries(accepted)
    .map(([col, values]) => {
      const c = q.quoteIdentifier(col);
      return `\nSELECT\n  ${q.quoteLiteral(col)} AS failing_column,\n  CAST(${c} AS varchar) AS failing_value,\n  COUNT(1) AS row_count\nFROM ${target}\nWHERE ${c} IS NOT NULL AND ${c} NOT IN (${values.map((v) => q.quoteLiteral(v)).join(", ")})\nGROUP BY ${c}\n`;
    })
    .join("UNION ALL");
}

export function splitRelationship(spec: string): { model: string; column: string } {
  const dot = spec.lastIndexOf(".");
  return { model: spec.slice(0, dot), column: spec.slice(dot + 1) };
}

export function relationshipsSql(q: SqlQuoting, target: string, rels: Readonly<Record<string, string>>, ref: (model: string) => string): string {
  return Object.entries(rels)
    .map(([col, spec]) => {
      const { model, column } = splitRelationship(spec);
      const child = `child.${q.quoteIdentifier(col)}`;
      const parent = `parent.${q.quoteIdentifier(column)}`;
      return `\nSELECT\n  ${q.quoteLiteral(col)} AS failing_column,\n  CAST(${child} AS varchar) AS failing_value,\n  COUNT(1) AS row_count\nFROM ${target} AS child\nLEFT JOIN ${ref(model)} AS parent ON ${child} = ${parent}\nWHERE ${child} IS NOT NULL AND ${parent} IS NULL\nGROUP BY ${child}\n`;
    })
    .join("UNION ALL");
}

function refArgs(model: string): string[] {
  return model.split(".");
}

function uniqueKeyList(k: AssertionsConfig["uniqueKey"]): string[][] {
  if (k === undefined) return [];
  if (typeof k === "string") return [[k]];
  return k.every((x): x is string[] => Array.isArray(x)) ? k : [k.filter((x): x is string => typeof x === "string")];
}

export function builtinAssertionDrafts(settings: ProjectSettings, q: SqlQuoting, p: ParentInfo, a: AssertionsConfig): ActionDraft[] {
  const prefix = `${p.canonicalTarget.schema}_${p.canonicalTarget.name}_assertions_`;
  const at = findOffset(p.text, keyPattern("assertions"), 0, p.draft.configOffset);
  const location = at < 0 ? p.draft.location : locationAt(p.draft.file, p.text, at);
  const make = (kind: NonNullable<ActionDraft["builtin"]>["kind"], name: string, query: (ctx: QueryContext) => string): ActionDraft => {
    const config: Record<string, unknown> = { name: `${prefix}${name}`, schema: settings.assertionSchema };
    if (p.tags.length) config["tags"] = [...p.tags];
    if (p.disabled) config["disabled"] = true;
    if (a.severity) config["severity"] = a.severity;
    const d = newDraft("assertion", p.draft.file, p.draft.sourceKind, location, config, p.draft.configOffset);
    d.query = query;
    d.builtin = { kind, parent: p.key };
    return d;
  };
  const out: ActionDraft[] = [];
  const keys = a.uniqueKeys ?? uniqueKeyList(a.uniqueKey);
  keys.forEach((cols, i) => out.push(make("uniqueKey", `uniqueKey_${i}`, () => indexAssertionSql(p.sqlTarget, cols))));
  const conditions = [...(a.rowConditions ?? [])];
  const nonNull = a.nonNull === undefined ? [] : typeof a.nonNull === "string" ? [a.nonNull] : a.nonNull;
  conditions.push(...nonNull.map((c) => `${c} IS NOT NULL`));
  if (conditions.length) out.push(make("rowConditions", "rowConditions", () => rowConditionsSql(q, p.sqlTarget, conditions)));
  if (a.acceptedValues && Object.keys(a.acceptedValues).length) {
    const accepted = a.acceptedValues;
    out.push(make("acceptedValues", "acceptedValues", () => acceptedValuesSql(q, p.sqlTarget, accepted)));
  }
  if (a.relationships && Object.keys(a.relationships).length) {
    const rels = a.relationships;
    out.push(make("relationships", "relationships", (ctx) => relationshipsSql(q, p.sqlTarget, rels, (model) => ctx.ref(...refArgs(model)))));
  }
  return out;
}
