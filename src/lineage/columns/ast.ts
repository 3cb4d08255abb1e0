/**
 * Minimal helpers over the parser's JSON AST (plain objects/arrays). Only the few node shapes
 * Lakeform relies on are named here: `select` scopes, `column` references and `alias`.
 */

export type Json = unknown;
export type JsonObject = { readonly [k: string]: Json };

export function isObject(x: Json): x is JsonObject {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A SELECT scope: the object under a `select` key (it has `expressions`). */
export function isSelectBody(x: Json): x is JsonObject {
  return isObject(x) && Array.isArray(x.expressions) && "from" in x;
}

/** Every SELECT body in the tree, outermost first. */
export function selectScopes(root: Json): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (x: Json): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!isObject(x)) return;
    for (const [k, v] of Object.entries(x)) {
      if (k === "select" && isSelectBody(v)) out.push(v);
      visit(v);
    }
  };
  visit(root);
  return out;
}

/** Column reference nodes (`{column: …}`) under a clause, not descending into subqueries. */
export function columnRefs(clause: Json): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (x: Json): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!isObject(x)) return;
    for (const [k, v] of Object.entries(x)) {
      if (k === "select") continue; // a subquery is its own scope
      if (k === "column" && isObject(v) && isObject(v.name)) {
        out.push({ column: v });
        continue;
      }
      visit(v);
    }
  };
  visit(clause);
  return out;
}

export function aliased(expr: JsonObject, name: string): JsonObject {
  return {
    alias: {
      this: expr,
      alias: { name, quoted: false, trailing_comments: [] },
      column_aliases: [],
      alias_explicit_as: true,
      pre_alias_comments: [],
      trailing_comments: [],
    },
  };
}
