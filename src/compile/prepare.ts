/**
 * Step 2 of compile: validate each draft's kind and config and give it its target. Invalid
 * configs are reported and the action is kept with a best-effort target, so one typo does not
 * cascade into "ref not found" errors everywhere downstream.
 */

import type { Diagnostic, SourceLocation } from "../common/errors.js";
import { didYouMean } from "../common/did-you-mean.js";
import type { ProjectSettings } from "../config/project.js";
import { locateKey, zodIssuesToDiagnostics } from "../config/zod-diagnostics.js";
import { salvageParse } from "../config/salvage.js";
import { builtinAssertionDrafts } from "./builtin-assertions.js";
import type { AssertionConfig, AssertionsConfig, DeclarationConfig, IncrementalConfig, OperationsConfig, SeedConfig, SnapshotConfig, TableConfig, TestConfig, ViewConfig } from "./config-schema.js";
import { ACTION_TYPES, configKeyHints, configSchemas, type ActionType } from "./config-schema.js";
import type { ActionDraft } from "./drafts.js";
import { translateForeignConfig } from "./foreign-config.js";
import type { SnapshotSpec, Target } from "./graph.js";
import { checkIncrementalStrategy, prepareSnapshot } from "./strategy-config.js";
import { targetKey } from "./graph.js";
import type { SqlQuoting } from "../common/sql-quoting.js";
import { canonicalTarget, finalTarget } from "./targets.js";

export type PreparedConfig =
  | { readonly kind: "table"; readonly c: TableConfig }
  | { readonly kind: "view"; readonly c: ViewConfig }
  | { readonly kind: "incremental"; readonly c: IncrementalConfig; readonly snapshot?: SnapshotSpec }
  | { readonly kind: "operations"; readonly c: OperationsConfig }
  | { readonly kind: "assertion"; readonly c: AssertionConfig }
  | { readonly kind: "declaration"; readonly c: DeclarationConfig }
  | { readonly kind: "test"; readonly c: TestConfig }
  | { readonly kind: "seed"; readonly c: SeedConfig };

type ParsedConfig = PreparedConfig | { readonly kind: "snapshot"; readonly c: SnapshotConfig };

/** A snapshot runs as an incremental table with SCD2 settings; incremental strategies are checked. */
function withStrategy(p: ParsedConfig, locate: (key: string) => SourceLocation, at: SourceLocation, diagnostics: Diagnostic[]): PreparedConfig {
  if (p.kind === "incremental") diagnostics.push(...checkIncrementalStrategy(p.c, locate));
  if (p.kind !== "snapshot") return p;
  const s = prepareSnapshot(p.c, locate, at);
  diagnostics.push(...s.diagnostics);
  return { kind: "incremental", c: s.config, snapshot: s.snapshot };
}

export interface Prepared {
  readonly draft: ActionDraft;
  readonly cfg: PreparedConfig;
  readonly canonicalTarget: Target;
  readonly target: Target;
  readonly key: string;
  readonly sqlTarget: string;
  readonly tags: readonly string[];
  readonly disabled: boolean;
  /** Config failed validation; the action is kept only to resolve refs to it. */
  readonly invalid: boolean;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v.length > 0 ? v : undefined;
}

function lenient(kind: ActionType, raw: Record<string, unknown>): PreparedConfig {
  const c = { name: str(raw["name"]), schema: str(raw["schema"]), database: str(raw["database"]) };
  if (kind === "test") return { kind, c: { ...c, dataset: str(raw["dataset"]) ?? "" } };
  return { kind, c } as PreparedConfig;
}

export interface PrepareInput {
  readonly settings: ProjectSettings;
  readonly quoting: SqlQuoting;
  readonly texts: ReadonlyMap<string, string>;
}

export function prepareDrafts(drafts: readonly ActionDraft[], input: PrepareInput, diagnostics: Diagnostic[]): Prepared[] {
  const out: Prepared[] = [];
  const queue = [...drafts];
  for (let i = 0; i < queue.length; i++) {
    const d = queue[i];
    if (!d) continue;
    const p = prepareOne(d, input, diagnostics);
    if (!p) continue;
    out.push(p);
    const assertions = "assertions" in p.cfg.c ? (p.cfg.c.assertions as AssertionsConfig | undefined) : undefined;
    if (assertions && !p.invalid) {
      queue.push(
        ...builtinAssertionDrafts(input.settings, input.quoting, {
          draft: d,
          key: p.key,
          canonicalTarget: p.canonicalTarget,
          sqlTarget: p.sqlTarget,
          tags: p.tags,
          disabled: p.disabled,
          text: input.texts.get(d.file) ?? "",
        }, assertions),
      );
    }
  }
  return out;
}

function prepareOne(d: ActionDraft, input: PrepareInput, diagnostics: Diagnostic[]): Prepared | undefined {
  const text = input.texts.get(d.file);
  const issueCtx = { file: d.file, ...(text !== undefined ? { text } : {}), from: d.configOffset, fallback: d.location, keyHints: configKeyHints };
  if (!(ACTION_TYPES as readonly string[]).includes(d.type)) {
    const hint = didYouMean(d.type, ACTION_TYPES) ?? `valid types: ${ACTION_TYPES.join(", ")}`;
    diagnostics.push({ severity: "error", code: "unknown-action-type", message: `unknown action type "${d.type}"`, location: locateKey({ ...issueCtx, what: "config" }, "type"), hint });
    return undefined;
  }
  const kind = d.type as ActionType;
  if (kind === "seed" && !d.seed) {
    diagnostics.push({ severity: "error", code: "unknown-action-type", message: 'type "seed" is for CSV files in seeds/, not for definitions', location: locateKey({ ...issueCtx, what: "config" }, "type"), hint: "put the rows in seeds/<name>.csv (and types/docs in seeds/<name>.yaml)" });
    return undefined;
  }
  const schema = configSchemas[kind];
  const foreign = translateForeignConfig(kind === "snapshot" ? "incremental" : kind, d.config, (key) => locateKey({ ...issueCtx, what: "config" }, key));
  diagnostics.push(...foreign.diagnostics);
  // Invalid keys are reported and dropped; the rest of the config (dependencies, assertions…) still applies.
  const parsed = salvageParse(schema, foreign.config);
  if (parsed.error) diagnostics.push(...zodIssuesToDiagnostics(schema, parsed.error, { ...issueCtx, what: `${kind} config` }));
  const invalid = parsed.data === undefined;
  const cfg: PreparedConfig = parsed.data === undefined ? lenient(kind === "snapshot" ? "incremental" : kind, d.config) : withStrategy({ kind, c: parsed.data } as ParsedConfig, (key) => locateKey({ ...issueCtx, what: "config" }, key), d.location, diagnostics);
  if (kind === "operations" ? false : d.statementCount > 1) {
    diagnostics.push({ severity: "error", code: "multiple-statements", message: `a ${kind} may contain only one statement`, location: d.location, hint: 'only type: "operations" may split statements with --- lines' });
  }
  const c = cfg.c as { name?: string; schema?: string; database?: string; tags?: string | string[]; disabled?: boolean };
  const name = c.name ?? fileBaseName(d.file);
  const canonical = canonicalTarget(input.settings, { kind, name, schema: c.schema, database: c.database });
  const target = finalTarget(input.settings, kind, canonical);
  checkTargetCharacters(d, canonical, diagnostics);
  const tags = c.tags === undefined ? [] : typeof c.tags === "string" ? [c.tags] : [...c.tags];
  return {
    draft: d,
    cfg,
    canonicalTarget: canonical,
    target,
    key: kind === "test" ? `test:${name}` : targetKey(target),
    sqlTarget: input.quoting.quoteTarget(target),
    tags,
    disabled: c.disabled === true,
    invalid,
  };
}

// Trino would accept them inside quotes, but a table name with a line break breaks every log,
// report and `--actions` list it appears in; such names come from odd file names.
const CONTROL = /[\p{Cc}\u2028\u2029]/u;

function checkTargetCharacters(d: ActionDraft, t: Target, diagnostics: Diagnostic[]): void {
  for (const part of ["database", "schema", "name"] as const) {
    const bad = CONTROL.exec(t[part])?.[0];
    if (bad === undefined) continue;
    const code = `U+${(bad.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
    diagnostics.push({
      severity: "error",
      code: "invalid-name",
      message: `${part} ${JSON.stringify(t[part])} contains the control character ${code}`,
      location: d.location,
      hint: part === "name" && d.sourceKind === "sqlx" ? "rename the file, or set config { name: \"…\" }" : `set ${part}: "…" to a name without control characters`,
    });
  }
}

function fileBaseName(file: string): string {
  const base = file.slice(file.lastIndexOf("/") + 1);
  const dot = base.indexOf(".");
  return dot <= 0 ? base : base.slice(0, dot);
}
