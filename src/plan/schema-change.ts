/**
 * `onSchemaChange` for incremental tables: compares the query's columns with the target's and
 * decides the ALTERs and the column list the MERGE/INSERT may use.
 */

import type { OnSchemaChange } from "../compile/graph.js";
import type { WarehouseColumn } from "./render-types.js";

export interface SchemaDiff {
  readonly added: readonly WarehouseColumn[];
  readonly removed: readonly WarehouseColumn[];
  /** Same name, different type; `type` is the source (new) type. */
  readonly retyped: readonly WarehouseColumn[];
}

const norm = (s: string): string => s.trim().toLowerCase();

export function diffColumns(target: readonly WarehouseColumn[], source: readonly WarehouseColumn[]): SchemaDiff {
  const t = new Map(target.map((c) => [norm(c.name), c]));
  const s = new Map(source.map((c) => [norm(c.name), c]));
  return {
    added: source.filter((c) => !t.has(norm(c.name))),
    removed: target.filter((c) => !s.has(norm(c.name))),
    retyped: source.filter((c) => {
      const old = t.get(norm(c.name));
      return old !== undefined && norm(old.type) !== norm(c.type);
    }),
  };
}

export function isEmptyDiff(d: SchemaDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.retyped.length === 0;
}

/** Columns the write may list after the policy is applied (source order). */
export function writableColumns(policy: OnSchemaChange, target: readonly WarehouseColumn[], source: readonly WarehouseColumn[]): string[] {
  if (policy === "EXTEND" || policy === "SYNCHRONIZE") return source.map((c) => c.name);
  const t = new Set(target.map((c) => norm(c.name)));
  return source.filter((c) => t.has(norm(c.name))).map((c) => c.name);
}
