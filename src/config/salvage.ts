/**
 * Validation that keeps the valid rest of an object: the keys zod rejects are removed and the
 * object is validated again, so one foreign or mistyped key costs only itself. A config that
 * dropped `dependencies` and `assertions` because of an unrelated `bigquery { }` block silently
 * lost 141 assertions in a real project (issue 16).
 */

import type { z } from "zod";

export interface Salvaged<T> {
  /** The parse of the object without the rejected keys; undefined if even that failed. */
  readonly data: T | undefined;
  /** The first validation error (what the user is told), undefined if the object was valid. */
  readonly error: z.ZodError | undefined;
}

function clone(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(clone);
  if (typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  }
  return v;
}

/** Deletes the value at `path`; false when there is nothing to delete (the root itself is invalid). */
function remove(root: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return false;
  let cur: unknown = root;
  for (const p of path.slice(0, -1)) {
    if (typeof cur !== "object" || cur === null) return false;
    cur = (cur as Record<PropertyKey, unknown>)[p];
  }
  if (typeof cur !== "object" || cur === null) return false;
  const last = path[path.length - 1] as PropertyKey;
  if (Array.isArray(cur) && typeof last === "number") cur.splice(last, 1);
  else delete (cur as Record<PropertyKey, unknown>)[last];
  return true;
}

export function salvageParse<S extends z.ZodType>(schema: S, raw: unknown): Salvaged<z.infer<S>> {
  const first = schema.safeParse(raw);
  if (first.success) return { data: first.data, error: undefined };
  let value = clone(raw);
  let error = first.error;
  // Each round removes at least one key; a handful of rounds covers any real config.
  for (let round = 0; round < 8; round++) {
    let removed = false;
    for (const issue of error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const k of issue.keys) removed = remove(value, [...issue.path, k]) || removed;
      } else {
        // Only the invalid value goes: `assertions: { uniqueKey: 1, nonNull: ["id"] }` keeps nonNull.
        removed = remove(value, issue.path) || removed;
      }
    }
    if (!removed) return { data: undefined, error: first.error };
    const again = schema.safeParse(value);
    if (again.success) return { data: again.data, error: first.error };
    error = again.error;
    value = clone(value);
  }
  return { data: undefined, error: first.error };
}
