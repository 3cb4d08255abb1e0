/**
 * `required:` fields (dotted paths) of a file landing: a record whose value there is null is a
 * dead letter. Paths resolve against the payload columns (a nested path reads inside a ROW).
 */
import type { PayloadColumn } from "../avro/to-trino.js";

export function requiredCheck(columns: readonly PayloadColumn[], required: readonly string[]): (values: readonly unknown[]) => string | undefined {
  const checks = required.map((path) => {
    const parts = path.split(".");
    const i = columns.findIndex((c) => parts.slice(0, c.path.length).join(".") === c.path.join("."));
    const inner = i < 0 ? parts : parts.slice(columns[i]?.path.length ?? 0);
    return { path, i, inner };
  });
  return (values) => {
    for (const c of checks) {
      let v: unknown = c.i < 0 ? undefined : values[c.i];
      for (const p of c.inner) v = v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined;
      if (v === null || v === undefined) return `${c.path}: required value is missing`;
    }
    return undefined;
  };
}
