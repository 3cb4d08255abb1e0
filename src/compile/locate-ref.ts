/**
 * Where a reference is written in the original text: `ref("orders")`, `resolve('s', "orders")`,
 * a `dependencies: ["orders"]` entry or a `"orders.id"` relationship. Only called when a
 * diagnostic needs it, so the search cost is paid for errors, not for every ref.
 */

import type { SourceLocation } from "../common/errors.js";
import { escapeRegExp, findOffset, locationAt } from "../common/text-position.js";
import type { RefSpec } from "./targets.js";

export function locateRef(file: string, text: string | undefined, spec: RefSpec, from: number, fallback: SourceLocation, calls = true): SourceLocation {
  if (text === undefined) return fallback;
  const n = escapeRegExp(spec.name);
  const patterns = [
    ...(calls ? [new RegExp(`\\b(?:ref|resolve)\\s*\\(\\s*(?:[^()]*?[,{]\\s*)?(?:name\\s*:\\s*)?["'\`]${n}["'\`]`)] : []),
    new RegExp(`["'\`]${n}["'\`]`),
    new RegExp(`["'\`](?:[\\w-]+\\.)*${n}\\.[\\w-]+["'\`]`),
  ];
  for (const re of patterns) {
    const at = findOffset(text, re, 0, from);
    if (at >= 0) return locationAt(file, text, at);
    const anywhere = from > 0 ? findOffset(text, re) : -1;
    if (anywhere >= 0) return locationAt(file, text, anywhere);
  }
  return fallback;
}
