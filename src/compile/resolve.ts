/**
 * Step 3 of compile: evaluate every contextable with a query context bound to the action, which
 * resolves refs against the index of all targets and records dependencies (with how they were
 * written, so later diagnostics such as cycles can point at the text).
 */

import type { Diagnostic, SourceLocation } from "../common/errors.js";
import { errorMessage } from "../common/errors.js";
import { didYouMean } from "../common/did-you-mean.js";
import type { ProjectSettings } from "../config/project.js";
import type { TargetRef } from "./config-schema.js";
import type { Contextable } from "./drafts.js";
import { locateError } from "./locate-error.js";
import { locateRef } from "./locate-ref.js";
import type { Prepared } from "./prepare.js";
import { createQueryContext, evaluateContextable, type QueryContext } from "./query-context.js";
import type { SqlQuoting } from "../common/sql-quoting.js";
import { parseRefArgs, refSpecToString, TargetIndex, type RefSpec } from "./targets.js";

export type DepOrigin = { readonly via: "ref" | "config"; readonly spec: RefSpec } | { readonly via: "parent" | "dependency-assertion" };

export interface Evaluated {
  query?: string;
  incrementalQuery?: string;
  preOps: string[];
  postOps: string[];
  incrementalPreOps: string[];
  incrementalPostOps: string[];
  queries: string[];
  testInputs: { ref: string; query: string }[];
  testQuery?: string;
  testDataset?: string;
}

export interface Resolved {
  readonly p: Prepared;
  readonly deps: Map<string, DepOrigin>;
  readonly out: Evaluated;
}

export interface ResolveInput {
  readonly settings: ProjectSettings;
  readonly quoting: SqlQuoting;
  readonly texts: ReadonlyMap<string, string>;
}

export function resolveAll(prepared: readonly Prepared[], input: ResolveInput, diagnostics: Diagnostic[]): Resolved[] {
  const index = new TargetIndex(prepared.filter((p) => p.cfg.kind !== "test"));
  const reported = new Set<string>();

  const lookup = (spec: RefSpec, from: Prepared, where: () => SourceLocation, dependency: boolean): Prepared | undefined => {
    const r = index.resolve(spec);
    if (r.status === "found") {
      const a = r.action;
      if (dependency && a.cfg.kind === "operations" && a.cfg.c.hasOutput !== true) {
        report(`${from.draft.file}|op|${a.key}`, { code: "ref-without-output", message: `ref("${refSpecToString(spec)}") refers to operations that declare no output`, location: where(), hint: "set hasOutput: true in its config, or use dependencies: [...] instead of ref()" });
      }
      return a;
    }
    const shown = refSpecToString(spec);
    if (r.status === "ambiguous") {
      report(`${from.draft.file}|amb|${shown}`, { code: "ambiguous-ref", message: `ref("${shown}") is ambiguous: ${r.candidates.map((c) => c.key).join(", ")}`, location: where(), hint: `qualify it, e.g. ref("${r.candidates[0]?.canonicalTarget.schema}", "${spec.name}")` });
      return undefined;
    }
    const hint = didYouMean(spec.name, index.names());
    report(`${from.draft.file}|missing|${shown}`, { code: "missing-ref", message: `ref("${shown}") not found`, location: where(), ...(hint ? { hint } : { hint: "declare it (type: \"declaration\") or check the name" }) });
    return undefined;
  };
  const report = (dedupe: string, d: Omit<Diagnostic, "severity">): void => {
    if (reported.has(dedupe)) return;
    reported.add(dedupe);
    diagnostics.push({ severity: "error", ...d });
  };

  return prepared.map((p) => {
    const deps = new Map<string, DepOrigin>();
    const out: Evaluated = { preOps: [], postOps: [], incrementalPreOps: [], incrementalPostOps: [], queries: [], testInputs: [] };
    const text = input.texts.get(p.draft.file);
    const reference = (args: readonly unknown[], dependency: boolean): string => {
      const spec = parseRefArgs(args);
      if (!spec) throw new Error(`invalid ref(${args.map((a) => JSON.stringify(a)).join(", ")}): expected ref("name"), ref("schema", "name") or ref({ schema, name })`);
      const target = lookup(spec, p, () => locateRef(p.draft.file, text, spec, 0, p.draft.location), dependency);
      if (target) {
        if (dependency && target.key !== p.key && !deps.has(target.key)) deps.set(target.key, { via: "ref", spec });
        if (dependency && target.key === p.key) deps.set(target.key, { via: "ref", spec });
        return target.sqlTarget;
      }
      return input.quoting.quoteTarget({ database: spec.database ?? input.settings.defaultDatabase, schema: spec.schema ?? input.settings.defaultSchema, name: spec.name });
    };
    const ctx = (incremental: boolean): QueryContext => createQueryContext({ self: p.target, sqlSelf: p.sqlTarget, incremental, reference });
    const run = (c: Contextable | undefined, q: QueryContext): string[] => {
      if (c === undefined) return [];
      try {
        return evaluateContextable(c, q);
      } catch (e) {
        diagnostics.push({ severity: "error", code: "evaluation-error", message: errorMessage(e), location: locateError(e, p.draft.file, text ?? "", p.draft.location) });
        return [];
      }
    };
    const runOps = (list: readonly Contextable[], q: QueryContext): string[] => list.flatMap((c) => run(c, q)).filter((s) => s.trim().length > 0);

    if (p.draft.builtin) deps.set(p.draft.builtin.parent, { via: "parent" });
    const d = p.draft;
    switch (p.cfg.kind) {
      case "declaration":
      case "seed":
        break;
      case "operations":
        out.queries = run(d.query, ctx(false)).filter((s) => s.trim().length > 0);
        break;
      case "test":
        break; // needs the tested action; done below
      default: {
        const normal = ctx(false);
        out.query = run(d.query, normal).join("\n");
        out.preOps = runOps(d.preOps, normal);
        out.postOps = runOps(d.postOps, normal);
        if (p.cfg.kind === "incremental") {
          const inc = ctx(true);
          out.incrementalQuery = run(d.query, inc).join("\n");
          out.incrementalPreOps = runOps(d.preOps, inc);
          out.incrementalPostOps = runOps(d.postOps, inc);
        }
        if (d.query === undefined && !p.invalid) {
          diagnostics.push({ severity: "error", code: "missing-query", message: `${p.cfg.kind} "${p.canonicalTarget.name}" has no query`, location: d.location, hint: "call .query(ctx => `SELECT …`)" });
        }
      }
    }
    resolveConfigDependencies(p, text, deps, lookup);
    return { p, deps, out };
  }).map((r, _i, all) => (r.p.cfg.kind === "test" ? resolveTest(r, all, index, input, diagnostics, lookup) : r));
}

type Lookup = (spec: RefSpec, from: Prepared, where: () => SourceLocation, dependency: boolean) => Prepared | undefined;

function toSpec(ref: TargetRef): RefSpec {
  if (typeof ref !== "string") return { name: ref.name, ...(ref.schema ? { schema: ref.schema } : {}), ...(ref.database ? { database: ref.database } : {}) };
  const parts = ref.split(".");
  if (parts.length === 2) return { schema: parts[0] ?? "", name: parts[1] ?? "" };
  if (parts.length === 3) return { database: parts[0] ?? "", schema: parts[1] ?? "", name: parts[2] ?? "" };
  return { name: ref };
}

function resolveConfigDependencies(p: Prepared, text: string | undefined, deps: Map<string, DepOrigin>, lookup: Lookup): void {
  if (!("dependencies" in p.cfg.c) || p.cfg.c.dependencies === undefined) return;
  const list = Array.isArray(p.cfg.c.dependencies) ? p.cfg.c.dependencies : [p.cfg.c.dependencies];
  for (const ref of list as TargetRef[]) {
    const spec = toSpec(ref);
    // Config dependencies may point at operations without output: that is their purpose.
    const target = lookup(spec, p, () => locateRef(p.draft.file, text, spec, p.draft.configOffset, p.draft.location, false), false);
    if (target && !deps.has(target.key)) deps.set(target.key, { via: "config", spec });
  }
}

function resolveTest(r: Resolved, all: readonly Resolved[], index: TargetIndex<Prepared>, input: ResolveInput, diagnostics: Diagnostic[], lookup: Lookup): Resolved {
  const { p, out } = r;
  if (p.cfg.kind !== "test" || p.invalid) return r;
  const text = input.texts.get(p.draft.file);
  const spec = toSpec(p.cfg.c.dataset);
  const tested = lookup(spec, p, () => locateRef(p.draft.file, text, spec, p.draft.configOffset, p.draft.location, false), false);
  if (!tested) return r;
  out.testDataset = tested.key;
  r.deps.set(tested.key, { via: "config", spec });
  const inputs = new Map<string, string>();
  const plain = createQueryContext({ self: p.target, sqlSelf: p.sqlTarget, incremental: false, reference: (args) => refOrQuote(args, index, input) });
  for (const i of p.draft.inputs) {
    const ispec = parseRefArgs(typeof i.ref === "string" ? i.ref.split(".") : [i.ref]);
    const target = ispec ? lookup(ispec, p, () => locateRef(p.draft.file, text, ispec, 0, p.draft.location), false) : undefined;
    if (!target) continue;
    const q = guarded(() => evaluateContextable(i.contextable, plain).join("\n"));
    if (q === undefined) continue;
    inputs.set(target.key, q);
    out.testInputs.push({ ref: target.key, query: q });
  }
  // Dataform replaces each ref to an input with the input's rows as a subquery.
  const replacing = createQueryContext({
    self: tested.target,
    sqlSelf: tested.sqlTarget,
    incremental: false,
    reference: (args) => {
      const s = parseRefArgs(args);
      const found = s ? index.resolve(s) : undefined;
      if (found?.status === "found" && inputs.has(found.action.key)) return `(${inputs.get(found.action.key)})`;
      return refOrQuote(args, index, input);
    },
  });
  // The tested action's own code: a mistake there is reported at that action, not at the test.
  out.testQuery = guarded(() => (tested.draft.query === undefined ? "" : evaluateContextable(tested.draft.query, replacing).join("\n")), tested.draft) ?? "";
  out.query = guarded(() => evaluateContextable(p.draft.query ?? "", plain).join("\n")) ?? "";
  void all;
  return r;

  /** Every piece of user code runs inside this: an exception becomes an `evaluation-error` at its file. */
  function guarded(fn: () => string, where: { readonly file: string; readonly location: SourceLocation } = p.draft): string | undefined {
    try {
      return fn();
    } catch (e) {
      diagnostics.push({ severity: "error", code: "evaluation-error", message: errorMessage(e), location: locateError(e, where.file, input.texts.get(where.file) ?? "", where.location) });
      return undefined;
    }
  }
}

function refOrQuote(args: readonly unknown[], index: TargetIndex<Prepared>, input: ResolveInput): string {
  const s = parseRefArgs(args);
  const r = s ? index.resolve(s) : undefined;
  if (r?.status === "found") return r.action.sqlTarget;
  return input.quoting.quoteTarget({ database: s?.database ?? input.settings.defaultDatabase, schema: s?.schema ?? input.settings.defaultSchema, name: s?.name ?? "" });
}
