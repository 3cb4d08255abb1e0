/**
 * What evaluating a file yields: one draft per declared action, holding the raw (unvalidated)
 * config and the contextables (query functions) to evaluate once all targets are known.
 */

import type { SourceLocation } from "../common/errors.js";
import type { BuiltinAssertion, SeedColumn } from "./graph.js";
import type { Contextable } from "./query-context.js";

export type { Contextable } from "./query-context.js";

export interface InputDraft {
  readonly ref: unknown;
  readonly contextable: Contextable;
}

/** What compile keeps of a seed (`seeds/*.csv`): checked values, their types and the content hash. */
export interface SeedData {
  readonly columns: readonly SeedColumn[];
  readonly rows: readonly (readonly (string | null)[])[];
  readonly hash: string;
}

export interface ActionDraft {
  /** As declared; validated against ACTION_TYPES when the graph is built. */
  type: string;
  readonly file: string;
  readonly sourceKind: "sqlx" | "js" | "yaml";
  /** Where the action is declared (SQLX config block, JS call site). */
  readonly location: SourceLocation;
  /** Offset in the file's text where config keys are searched from. */
  readonly configOffset: number;
  config: Record<string, unknown>;
  query?: Contextable;
  preOps: Contextable[];
  postOps: Contextable[];
  inputs: InputDraft[];
  /** SQLX files with `---` separators; only operations may have several. */
  statementCount: number;
  /** Set on assertions generated from a table's `assertions {}` block; `parent` is its key. */
  builtin?: { readonly kind: BuiltinAssertion; readonly parent: string };
  /** Declarations derived from `streams/*.yaml`; an explicit declaration of the same target wins. */
  fromStream?: { readonly topic: string } | { readonly location: string };
  /** Set on seeds (`seeds/<name>.csv`): the rows, their types and the content hash. */
  seed?: SeedData;
}

export function newDraft(type: string, file: string, sourceKind: ActionDraft["sourceKind"], location: SourceLocation, config: Record<string, unknown>, configOffset = 0): ActionDraft {
  return { type, file, sourceKind, location, configOffset, config, preOps: [], postOps: [], inputs: [], statementCount: 1 };
}
