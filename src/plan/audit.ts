/**
 * `run --audit`: write-audit-publish without Iceberg branches (Trino 476 cannot write them).
 * Each selected table/incremental is built into a staging table beside it (`<name>__audit`);
 * every selected query that reads it — its assertions, its selected dependents — reads the
 * staging table instead; one publish task per table, which depends on every build and every
 * assertion of the selection, replaces the production table from staging in ONE statement
 * (`CREATE OR REPLACE TABLE … AS SELECT * FROM staging`: one Iceberg commit, history kept, readers
 * see the old snapshot or the new one) and drops the staging table. A failed blocking assertion
 * skips every publish task (the scheduler skips dependents of a failure): production keeps its
 * snapshot and the staging table stays for inspection.
 *
 * An incremental's staging table starts as a copy of production (an incremental pre-operation,
 * run only when production exists) and is then MERGEd as usual. Pure: a graph in, a graph out.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Target } from "../common/target.js";
import type { Action, Graph, IncrementalAction, OperationsAction, TableAction } from "../compile/graph.js";
import { rewriteActionSql } from "./defer.js";
import type { Dialect } from "./dialect.js";

export const STAGING_SUFFIX = "__audit";
export const PUBLISH_SUFFIX = "__publish";

export interface AuditResult {
  readonly graph: Graph;
  /** The selection to plan: the selected actions and the publish tasks. */
  readonly keys: ReadonlySet<string>;
  /** Production key → its staging target. */
  readonly staged: ReadonlyMap<string, Target>;
  readonly diagnostics: readonly Diagnostic[];
}

const key = (t: Target) => `${t.database}.${t.schema}.${t.name}`;

export function auditGraph(graph: Graph, selected: ReadonlySet<string>, d: Dialect): AuditResult {
  const diagnostics: Diagnostic[] = [];
  const chosen = graph.actions.filter((a) => selected.has(a.key));
  for (const a of chosen) {
    if (a.kind === "view" || a.kind === "operations") {
      diagnostics.push({
        severity: "error",
        code: "audit-unsupported",
        message: `--audit publishes tables and incrementals; ${a.key} is ${a.kind === "view" ? "a view" : "an operation"}`,
        location: a.location,
        hint: "leave it out of the audited selection and build it in a second run once the tables are published",
      });
    }
  }
  const audited = chosen.filter((a): a is TableAction | IncrementalAction => a.kind === "table" || a.kind === "incremental");
  const staged = new Map(audited.map((a) => [a.key, { ...a.target, name: `${a.target.name}${STAGING_SUFFIX}` }]));
  const pairs = audited.map((a) => [a.sqlTarget, d.quoteTarget(staged.get(a.key)!)] as const).sort((x, y) => y[0].length - x[0].length);
  const swap = (sql: string) => pairs.reduce((s, [from, to]) => s.replaceAll(from, to), sql);
  const gates = chosen.filter((a) => a.kind === "assertion" || staged.has(a.key)).map((a) => a.key);

  const actions: Action[] = graph.actions.map((a) => {
    if (!selected.has(a.key)) return a;
    const rewritten = rewriteActionSql(a, swap);
    const stage = staged.get(a.key);
    if (!stage) return rewritten;
    const moved = { ...rewritten, target: stage, sqlTarget: d.quoteTarget(stage) } as TableAction | IncrementalAction;
    if (moved.kind !== "incremental") return moved;
    // The MERGE runs on a copy of production (only rendered when production exists).
    const copy = d.createTableAs(stage, `SELECT * FROM ${d.quoteTarget(a.target)}`, moved.iceberg, `staging copy of ${a.key} for --audit`);
    return { ...moved, incrementalPreOps: [copy, ...moved.incrementalPreOps] };
  });
  const publishes: OperationsAction[] = audited.map((a) => {
    const stage = staged.get(a.key)!;
    return {
      kind: "operations",
      key: `${a.key}${PUBLISH_SUFFIX}`,
      target: a.target,
      canonicalTarget: a.canonicalTarget,
      sqlTarget: a.sqlTarget,
      file: a.file,
      location: a.location,
      tags: a.tags,
      description: `publish ${a.key} from ${key(stage)} once every audit passed`,
      dependencies: [...gates].sort(),
      disabled: false,
      queries: [d.createTableAs(a.target, `SELECT * FROM ${d.quoteTarget(stage)}`, a.iceberg, a.description), d.dropRelation(stage, "TABLE")],
      hasOutput: false,
      columns: [],
    };
  });
  const all = [...actions, ...publishes].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  return { graph: { ...graph, actions: all }, keys: new Set([...selected, ...publishes.map((p) => p.key)]), staged, diagnostics };
}
