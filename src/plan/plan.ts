/**
 * `plan`: the graph, a selection and the warehouse state in; an ordered, inspectable list of SQL
 * tasks out. Pure — `lakeform plan --json` and `run --dry-run` print exactly what `run` executes:
 * the reads the state came from, the schemas, every task's statements (including the reads a run
 * makes after a write or a failed check) and the run log. `run` only interprets the roles.
 */
import { applyGovernance } from "./governance.js";
import type { ColumnCommentState } from "./column-comments.js";
import type { Diagnostic } from "../common/errors.js";
import type { Target } from "../common/target.js";
import type { Action, ActionKind, Graph } from "../compile/graph.js";
import type { Dialect } from "./dialect.js";
import type { WarehouseState } from "./introspection.js";
import { renderAction } from "./render.js";
import type { RenderMode, RenderedStatement, WarehouseColumn } from "./render-types.js";
import { planRunLog } from "./run-log.js";
import { renderCreateSchema, writtenSchemas, type SchemaRef } from "./schemas.js";
import { selectActions, type Selection } from "./select.js";
import { capabilitiesFor, catalogDiagnostics } from "./catalogs.js";
import type { IntervalLog, PlannedInterval } from "./intervals.js";
import { planTimeRangeTask, type TimeRangeRun } from "./time-range-task.js";
import { intervalLogDdl } from "./time-range.js";

export interface PlanOptions extends Selection {
  readonly fullRefresh?: boolean;
  /** Output columns of incremental queries whose target exists (for onSchemaChange), by key. */
  readonly sourceColumns?: ReadonlyMap<string, readonly WarehouseColumn[]>;
  /** Which action kinds to plan: `run` builds and checks; `test` only checks. */
  readonly purpose?: "run" | "test";
  /** Keep failing assertion rows in `<assertionSchema>.<name>__failures`, like dbt's store_failures. */
  readonly storeFailures?: boolean;
  /** Failing rows of an assertion shown in the report; default 5. */
  readonly sampleSize?: number;
  /** Record the run in the `lakeform.*` Iceberg tables. */
  readonly runLog?: boolean;
  /** The statements that read `state` (shown in the plan; run executes them again first). */
  readonly reads?: readonly RenderedStatement[];
  /** Seeds: the content hash recorded with each existing seed table, by key (run/seed-state.ts). */
  readonly seedHashes?: ReadonlyMap<string, string>;
  /** Output columns of the queries of models with typed `columns` (enforced contracts), by key. */
  readonly contractColumns?: ReadonlyMap<string, readonly WarehouseColumn[]>;
  /** Stored column comments and new tables' columns, for persisting column descriptions. */
  readonly columnComments?: ColumnCommentState;
  /** Time-range models: the clock, `--start/--end`, `--restate` (default: now, no range). */
  readonly timeRange?: TimeRangeRun;
  /** Time-range models: intervals logged in `lakeform.intervals`, by model key. */
  readonly intervalLogs?: ReadonlyMap<string, IntervalLog>;
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
  /** Trino session properties set on each of the task's statements (`trino: { session }`). */
  readonly session?: Readonly<Record<string, string>>;
  /** Time-range models: the intervals this task builds (their statements carry `interval`). */
  readonly intervals?: readonly PlannedInterval[];
  /** Time-range models: intervals replaced at the same time. */
  readonly intervalConcurrency?: number;
}

export interface Plan {
  /** Executed before planning, in this order (schemas first, then relations and columns). */
  readonly introspection: readonly RenderedStatement[];
  /** `CREATE SCHEMA IF NOT EXISTS` for missing schemas, executed before any task. */
  readonly schemas: readonly RenderedStatement[];
  readonly tasks: readonly PlanTask[];
  /** Executed after the last task; statements with a `parameter` get the run's rows bound. */
  readonly runLog: readonly RenderedStatement[];
  readonly diagnostics: readonly Diagnostic[];
}

const RUN_KINDS: ReadonlySet<ActionKind> = new Set(["table", "view", "incremental", "operations", "assertion", "seed"]);
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

  const failures = options.storeFailures && chosen.some((a) => a.kind === "assertion") ? storeFailuresSchema(graph) : undefined;
  const tasks: PlanTask[] = chosen.map((a) => {
    const catalog = capabilitiesFor(d, state, a.target.database);
    if (a.kind === "incremental" && a.timeRange) {
      const t = planTimeRangeTask(d, { ...a, timeRange: a.timeRange }, graph.settings, state, options);
      diagnostics.push(...t.diagnostics);
      const { statements, intervals, intervalConcurrency } = t;
      return { key: a.key, kind: a.kind, mode: "time-range" as const, file: a.file, target: a.target, dependsOn: plannedDeps(a, planned, byKey), statements, blocking: true, writesTable: true, intervals, intervalConcurrency };
    }
    const r = renderAction(d, a, state.relations.get(a.key) ?? { exists: false }, {
      fullRefresh: options.fullRefresh === true,
      sourceColumns: options.sourceColumns?.get(a.key),
      seedHash: options.seedHashes?.get(a.key),
      catalog,
    });
    diagnostics.push(...r.diagnostics);
    const writesTable = a.kind === "table" || a.kind === "incremental" || r.mode === "seed";
    return {
      key: a.key,
      kind: a.kind,
      mode: r.mode,
      file: a.file,
      target: a.target,
      dependsOn: plannedDeps(a, planned, byKey),
      statements: [...r.statements, ...followUps(d, a, { writesTable, snapshots: catalog.snapshots, failures, sampleSize: options.sampleSize ?? 5 })],
      blocking: !(a.kind === "assertion" && a.severity === "warn"),
      writesTable,
    };
  });

  diagnostics.push(...catalogDiagnostics(d, state, [...chosen, ...graph.actions.filter((a) => a.kind === "declaration")]));
  // Schemas the planned actions write into that the warehouse does not have yet.
  const written = purpose === "run" ? writtenSchemas({ ...graph, actions: chosen }) : [];
  const wanted = failures && !written.some((s) => s.database === failures.database && s.schema === failures.schema) ? [...written, failures] : written;
  const schemas = wanted.filter((s) => !state.schemas.has(`${s.database}.${s.schema}`)).map((s) => renderCreateSchema(d, s, graph.settings.locationBase, capabilitiesFor(d, state, s.database).schemaLocation));
  if (tasks.some((t) => t.intervals)) schemas.push(...intervalLogDdl(d, graph.settings.defaultDatabase, graph.settings.locationBase));
  const runLog = options.runLog ? planRunLog(d, graph.settings.defaultDatabase, graph.settings.locationBase) : [];
  const governed = applyGovernance(d, graph, tasks, { contractColumns: options.contractColumns, columnComments: options.columnComments, states: state.relations }, diagnostics);
  return { introspection: options.reads ?? [], schemas, tasks: topoOrder(governed), runLog, diagnostics };
}

/** Where `--store-failures` keeps failing rows: the project's assertion schema (with its suffix). */
function storeFailuresSchema(graph: Graph): SchemaRef {
  const s = graph.settings;
  return { database: s.defaultDatabase, schema: `${s.assertionSchema}${s.schemaSuffix ? `_${s.schemaSuffix}` : ""}` };
}

/** The reads a run makes after a task's own statements: the written snapshot, or failing rows. */
function followUps(d: Dialect, a: Action, o: { writesTable: boolean; snapshots: boolean; failures: SchemaRef | undefined; sampleSize: number }): RenderedStatement[] {
  if (o.writesTable) return o.snapshots ? [{ role: "snapshot-id", sql: d.latestSnapshotId(a.target) }] : [];
  if (a.kind !== "assertion") return [];
  const out: RenderedStatement[] = [{ role: "sample", sql: d.sampleRows(a.query, o.sampleSize), when: "check-failed" }];
  if (o.failures) {
    const target: Target = { ...o.failures, name: `${a.target.name}__failures` };
    out.push({ role: "store-failures", sql: d.createTableAs(target, a.query, {}, `failing rows of ${a.key}`), when: "check-failed", creates: target });
  }
  return out;
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
