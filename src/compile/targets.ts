/**
 * Targets: where an action lands (catalog/schema/table after environment suffixes) and how
 * `ref(...)` arguments find it. Refs match the canonical target (as written, before
 * `schemaSuffix`/`tablePrefix`), like Dataform.
 */

import type { ProjectSettings } from "../config/project.js";
import type { Target } from "./graph.js";

export interface RefSpec {
  readonly database?: string;
  readonly schema?: string;
  readonly name: string;
}

/** `ref("n")`, `ref("schema", "n")`, `ref("db", "schema", "n")`, `ref({ schema, name })`. */
export function parseRefArgs(args: readonly unknown[]): RefSpec | undefined {
  const [a, b, c] = args;
  if (args.length === 1 && typeof a === "string" && a) return { name: a };
  if (args.length === 1 && typeof a === "object" && a !== null) {
    const o = a as Record<string, unknown>;
    const str = (k: string): string | undefined => (typeof o[k] === "string" && o[k] ? (o[k] as string) : undefined);
    const name = str("name");
    if (!name) return undefined;
    const database = str("database") ?? str("project");
    const schema = str("schema") ?? str("dataset");
    return { name, ...(database ? { database } : {}), ...(schema ? { schema } : {}) };
  }
  if (args.length === 2 && typeof a === "string" && typeof b === "string") return { schema: a, name: b };
  if (args.length === 3 && typeof a === "string" && typeof b === "string" && typeof c === "string") return { database: a, schema: b, name: c };
  return undefined;
}

export function refSpecToString(r: RefSpec): string {
  return [r.database, r.schema, r.name].filter((x) => x !== undefined).join(".");
}

export interface TargetInputs {
  readonly kind: string;
  readonly name: string;
  readonly schema: string | undefined;
  readonly database: string | undefined;
}

export function canonicalTarget(s: ProjectSettings, t: TargetInputs): Target {
  return {
    database: t.database ?? s.defaultDatabase,
    schema: t.schema ?? (t.kind === "assertion" ? s.assertionSchema : s.defaultSchema),
    name: t.name,
  };
}

/** Applies the environment: `schemaSuffix` and `tablePrefix`; declarations are never renamed. */
export function finalTarget(s: ProjectSettings, kind: string, canonical: Target): Target {
  if (kind === "declaration") return canonical;
  return {
    database: canonical.database,
    schema: s.schemaSuffix ? `${canonical.schema}_${s.schemaSuffix}` : canonical.schema,
    name: s.tablePrefix ? `${s.tablePrefix}_${canonical.name}` : canonical.name,
  };
}

export interface Resolvable {
  readonly canonicalTarget: Target;
}

export type Resolution<T> = { readonly status: "found"; readonly action: T } | { readonly status: "missing" } | { readonly status: "ambiguous"; readonly candidates: readonly T[] };

/**
 * Trino folds unquoted and quoted identifiers to lower case (the Iceberg connector stores names in
 * lower case), so `Orders` and `orders` are one table: refs match names case-insensitively, an
 * exact-case match winning when several differ only by case. (Dataform on BigQuery matches
 * exactly; its Snowflake adapter did not fold case at all.)
 */
export class TargetIndex<T extends Resolvable> {
  private readonly byName = new Map<string, T[]>();
  private readonly written = new Set<string>();

  constructor(items: Iterable<T>) {
    for (const it of items) {
      this.written.add(it.canonicalTarget.name);
      const key = it.canonicalTarget.name.toLowerCase();
      const list = this.byName.get(key);
      if (list) list.push(it);
      else this.byName.set(key, [it]);
    }
  }

  names(): IterableIterator<string> {
    return this.written.values();
  }

  resolve(r: RefSpec): Resolution<T> {
    const same = (a: string, b: string | undefined): boolean => b === undefined || a.toLowerCase() === b.toLowerCase();
    const folded = (this.byName.get(r.name.toLowerCase()) ?? []).filter((a) => same(a.canonicalTarget.schema, r.schema) && same(a.canonicalTarget.database, r.database));
    const exact = folded.filter((a) => a.canonicalTarget.name === r.name && (r.schema === undefined || a.canonicalTarget.schema === r.schema) && (r.database === undefined || a.canonicalTarget.database === r.database));
    const matches = folded.length > 1 && exact.length > 0 ? exact : folded;
    if (matches.length === 1 && matches[0]) return { status: "found", action: matches[0] };
    if (matches.length > 1) return { status: "ambiguous", candidates: matches };
    return { status: "missing" };
  }
}
