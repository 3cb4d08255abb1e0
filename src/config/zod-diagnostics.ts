/**
 * Turns zod issues into located Diagnostics. Zod knows the key path but not where the key is
 * written, so the caller passes the original text and we search it for the offending key.
 */

import type { z } from "zod";
import type { Diagnostic, DiagnosticCode, SourceLocation } from "../common/errors.js";
import { didYouMean } from "../common/did-you-mean.js";
import { findOffset, keyPattern, locationAt } from "../common/text-position.js";

export interface IssueContext {
  readonly file: string;
  /** Original text the object was written in (dataform.json, the SQLX config block, a JS file). */
  readonly text?: string;
  /** Where to start searching in `text` (e.g. the start of the SQLX config block). */
  readonly from?: number;
  /** Fallback location when the key cannot be found in the text. */
  readonly fallback?: SourceLocation;
  /** Describes the object, e.g. `incremental config` or `dataform.json`. */
  readonly what: string;
  /** Extra hints for known foreign keys, e.g. `partitionBy` → use `iceberg.partitioning`. */
  readonly keyHints?: Readonly<Record<string, string>>;
  readonly codes?: { readonly unknownKey: DiagnosticCode; readonly invalid: DiagnosticCode };
}

/** Valid keys of the (possibly nested) object schema at `path`, for did-you-mean hints. */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let s: unknown = schema;
  for (const p of [...path, null]) {
    s = unwrap(s);
    const shape = (s as { shape?: Record<string, unknown> }).shape;
    if (p === null) return shape ? Object.keys(shape) : [];
    if (!shape || typeof p !== "string") return [];
    s = shape[p];
  }
  return [];
}

function unwrap(s: unknown): unknown {
  let cur = s as { def?: { innerType?: unknown; options?: unknown[]; type?: string } } | undefined;
  for (let i = 0; i < 8 && cur?.def; i++) {
    if (cur.def.innerType) cur = cur.def.innerType as typeof cur;
    else if (cur.def.type === "union" && Array.isArray(cur.def.options)) {
      const obj = cur.def.options.find((o) => (o as { shape?: unknown }).shape !== undefined);
      if (!obj) break;
      cur = obj as typeof cur;
    } else break;
  }
  return cur;
}

export function locateKey(ctx: IssueContext, key: string | undefined): SourceLocation {
  const fallback = ctx.fallback ?? { file: ctx.file, line: 1, column: 1 };
  if (ctx.text === undefined || key === undefined) return fallback;
  const at = findOffset(ctx.text, keyPattern(key), 0, ctx.from ?? 0);
  return at < 0 ? fallback : locationAt(ctx.file, ctx.text, at);
}

export function zodIssuesToDiagnostics(schema: z.ZodType, error: z.ZodError, ctx: IssueContext): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      const valid = keysAt(schema, issue.path);
      for (const key of issue.keys) {
        const where = path.length ? `${path.join(".")}.` : "";
        const hint = ctx.keyHints?.[key] ?? didYouMean(key, valid) ?? (valid.length ? `valid keys: ${valid.join(", ")}` : undefined);
        out.push({
          severity: "error",
          code: ctx.codes?.unknownKey ?? "unknown-config-key",
          message: `unknown key "${where}${key}" in ${ctx.what}`,
          location: locateKey(ctx, key),
          ...(hint ? { hint } : {}),
        });
      }
      continue;
    }
    const last = [...issue.path].reverse().find((p): p is string => typeof p === "string");
    out.push({
      severity: "error",
      code: ctx.codes?.invalid ?? "invalid-config",
      message: `${path.length ? `"${path.join(".")}"` : ctx.what}: ${issue.message}`,
      location: locateKey(ctx, last),
    });
  }
  return out;
}
