/**
 * `--select state:…`, `--state <file|run-id>` and `run --defer`: reads the state to compare with
 * (a file, a run's manifest, or the newest production run's), then defers the selection's refs
 * to unselected actions to production. Used by `plan` and `run`.
 */
import { existsSync, readFileSync } from "node:fs";
import type { TrinoClient } from "../adapters/trino/client.js";
import { errorMessage, formatDiagnostic, LakeformError } from "../common/errors.js";
import type { Graph } from "../compile/graph.js";
import { deferGraph } from "../plan/defer.js";
import type { RenderedStatement } from "../plan/render-types.js";
import { selectActions } from "../plan/select.js";
import { isStateSelector } from "../plan/state-select.js";
import { compareState, manifestFromJson, type Manifest, type StateComparison } from "../plan/state.js";
import { readManifest } from "../run/state-read.js";
import { info } from "./output.js";
import type { LoadedProject } from "./project.js";
import { selectionOf, type SelectionFlags } from "./commands/run-flags.js";

export interface StatePrepared {
  /** The graph to plan: the project's, or with deferred refs rewritten. */
  readonly graph: Graph;
  readonly comparison: StateComparison | undefined;
  /** The state reads, for the plan's introspection list. */
  readonly reads: readonly RenderedStatement[];
  readonly deferred: ReadonlyMap<string, readonly string[]>;
}

function manifestFile(path: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new LakeformError("usage", `--state ${path}: cannot read it as JSON (${errorMessage(e)})`, { hint: "pass `lakeform compile --json > state.json` output of the production checkout, or a run id" });
  }
  const m = manifestFromJson(value, path);
  if ("error" in m) throw new LakeformError("usage", `--state ${path}: ${m.error}`);
  return m;
}

export async function prepareState(p: LoadedProject, client: TrinoClient, flags: SelectionFlags & { readonly defer?: boolean }, wantState = false, signal?: AbortSignal): Promise<StatePrepared> {
  const needed = wantState || flags.state !== undefined || flags.defer === true || (flags.select ?? []).some(isStateSelector);
  let manifest: Manifest | undefined;
  let reads: readonly RenderedStatement[] = [];
  if (needed) {
    if (flags.state !== undefined && existsSync(flags.state)) manifest = manifestFile(flags.state);
    else {
      const r = await readManifest(client, p.graph, flags.state, signal);
      if (flags.state !== undefined && !r.manifest) {
        throw new LakeformError("usage", `--state ${flags.state}: no such file, and no manifest recorded for a run with that id`, { hint: "run ids are in iceberg.lakeform.runs (only successful runs record a manifest)" });
      }
      manifest = r.manifest;
      reads = r.reads;
    }
  }
  const comparison = manifest ? compareState(p.graph, manifest) : undefined;
  if (!flags.defer) return { graph: p.graph, comparison, reads, deferred: new Map() };
  const s = p.graph.settings;
  if (!s.schemaSuffix && !s.tablePrefix) {
    throw new LakeformError("usage", "--defer builds the selection into an environment: give it one with --schema-suffix or --table-prefix", { hint: "lakeform run --select state:modified+ --defer --schema-suffix pr_123" });
  }
  const { keys } = selectActions(p.graph, { ...selectionOf(flags), ...(comparison ? { state: comparison } : {}) });
  const d = deferGraph(p.graph, keys, comparison?.production, p.dialect);
  for (const w of d.diagnostics) info(formatDiagnostic(w));
  return { graph: d.graph, comparison, reads, deferred: d.deferred };
}

/** What `plan --state` prints: every changed action and why, then what reads it. */
export function describeState(c: StateComparison | undefined): string {
  if (!c) return "-- state: none (no successful production run recorded yet; every action counts as new)";
  const lines = [`-- state: compared with ${c.source}`];
  if (!c.modified.size && !c.removed.length) lines.push("--   no action changed");
  for (const [k, why] of c.modified) lines.push(`--   modified ${k}: ${why.join(", ")}`);
  for (const [k, up] of c.upstream) lines.push(`--   upstream ${k}: reads changed ${up.join(", ")}`);
  for (const k of c.removed) lines.push(`--   removed  ${k}`);
  return lines.join("\n");
}

export function stateJson(c: StateComparison | undefined): unknown {
  if (!c) return null;
  return {
    source: c.source,
    modified: Object.fromEntries(c.modified),
    upstream: Object.fromEntries(c.upstream),
    removed: c.removed,
  };
}
