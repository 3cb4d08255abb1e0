/**
 * `plan`: the graph, a selection and the warehouse state in; an ordered, inspectable list of SQL
 * tasks out. Pure — `lakeform plan --json` and `run --dry-run` print exactly what `run` executes.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Dialect } from "../adapters/trino/dialect.js";
import type { Action, ActionKind, Graph, Target } from "../compile/graph.js";
import type { WarehouseState } from "./introspection.js";
import { renderAction } from "./render.js";
import type { RenderMode, RenderedStatement, WarehouseColumn } from "./render-types.js";
import { renderCreateSchema, writtenSchemas } from "./schemas.js";
import { selectActions, type Selection } from "./select.js";

export interface PlanOptions extends Selection {
  readonly fullRefresh?: boolean;
  /** Output columns of incremental queries whose target exists (for onSchemaChange), by key. */
  readonly sourceColumns?: ReadonlyMap<string, readonly WarehouseColumn[]>;
  /** Which action kinds to plan: `run` builds and checks; `test` only checks. */
  readonly purpose?: "run" | "test";
}

export interface PlanTask {
  readonly key: string;
  readonly kind: ActionKind;
  readonly mode: RenderMode;
  readonly file: string;
  readonly target: Target;
  /** Keys of planned tasks that must succeed first. */
  readonly dependsOn: readonly string[];
  readonly statements: readonly RenderedStatement[];
  /** A failing check fails the run (false: warning only). */
  readonly blocking: boolean;
  /** Tables/incrementals: read the Iceberg snapshot id written after the task. */
  readonly writesTable: boolean;
}

export interface Plan {
  readonly schemas: readonly RenderedStatement[];
  readonly tasks: readonly PlanTask[];
  readonly diagnostics: readonly Diagnostic[];
}

const RUN_KINDS: ReadonlySet<ActionKind> = new Set(["table", "view", "incremental", "operations", "assertion"]);
const TEST_KINDS: ReadonlySet<ActionKind> = new Set(["assertion", "test"]);

/** Nearest planned ancestors: dependencies outside the plan are looked through, not waited for. */
function plannedDeps(a: Action, planned: ReadonlySet<string>, byKey: ReadonlyMap<string, Action>): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const stack = [...a.dependencies];
  while (stack.length) {
    const k = stack.pop()!;
    if (seen.has(k)) continue;
    seen.add(k);
    if (planned.has(k)) out.add(k);
    else stack.push(...(byKey.get(k)?.dependencies ?? []));
  }
  return [...out].sort();
}

/** Kahn's algorithm, ties broken by key, so the order is deterministic. */
function topoOrder(tasks: readonly PlanTask[]): PlanTask[] {
  const remaining = new Map(tasks.map((t) => [t.key, new Set(t.dependsOn)]));
  const byKey = new Map(tasks.map((t) => [t.key, t]));
  const out: PlanTask[] = [];
  while (remaining.size) {
    const ready = [...remaining].filter(([, deps]) => deps.size === 0).map(([k]) => k).sort();
    if (ready.length === 0) throw new Error(`plan: cycle among ${[...remaining.keys()].join(", ")}`); // compile reports cycles first
    for (const k of ready) {
      remaining.delete(k);
      out.push(byKey.get(k)!);
      for (const deps of remaining.values()) deps.delete(k);
    }
  }
  return out;
}

export function buildPlan(d: Dialect, graph: Graph, state: WarehouseState, options: PlanOptions = {}): Plan {
  const purpose = options.purpose ?? "run";
  const kinds = purpose === "run" ? RUN_KINDS : TEST_KINDS;
  const { keys, diagnostics } = selectActions(graph, options);
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  const chosen = graph.actions.filter((a) => keys.has(a.key) && kinds.has(a.kind));
  const planned = new Set(chosen.map((a) => a.key));

  if (options.fullRefresh && purpose === "run") {
    for (const a of chosen) {
      if (a.kind === "incremental" && a.protected) {
        diagnostics.push({
          severity: "error",
          code: "protected-full-refresh",
          message: `--full-refresh refused: ${a.key} is protected (its history cannot be rebuilt from sources)`,
          location: a.location,
          hint: "leave it out of the selection (e.g. --actions …), or remove `protected: true` if a rebuild is really wanted",
        });
      }
    }
  }

  const tasks: PlanTask[] = chosen.map((a) => {
    const r = renderAction(d, a, state.relations.get(a.key) ?? { exists: false }, {
      fullRefresh: options.fullRefresh === true,
      sourceColumns: options.sourceColumns?.get(a.key),
    });
    diagnostics.push(...r.diagnostics);
    return {
      key: a.key,
      kind: a.kind,
      mode: r.mode,
      file: a.file,
      target: a.target,
      dependsOn: plannedDeps(a, planned, byKey),
      statements: r.statements,
      blocking: !(a.kind === "assertion" && a.severity === "warn"),
      writesTable: a.kind === "table" || a.kind === "incremental",
    };
  });

  // Schemas the planned actions write into that the warehouse does not have yet.
  const schemas =
    purpose === "run"
      ? writtenSchemas({ ...graph, actions: chosen })
          .filter((s) => !state.schemas.has(`${s.database}.${s.schema}`))
          .map((s) => renderCreateSchema(d, s, graph.settings.locationBase))
      : [];
  return { schemas, tasks: topoOrder(tasks), diagnostics };
}

/** Targets whose state the plan needs, grouped by catalog (for the batched introspection). */
export function schemasToInspect(graph: Graph): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  for (const a of graph.actions) {
    if (a.kind === "declaration" || a.kind === "test") continue;
    const set = out.get(a.target.database) ?? new Set<string>();
    set.add(a.target.schema);
    out.set(a.target.database, set);
  }
  return new Map([...out].map(([c, s]) => [c, [...s].sort()]));
}
