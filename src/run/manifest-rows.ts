/**
 * The `lakeform.manifests` rows of a run: the manifest entry (plan/state.ts) of every action the
 * run built or checked successfully, and of every declaration, with the run's environment (""
 * for production: no schema suffix, no table prefix). An audited table counts once its publish
 * task succeeded. `--select state:modified` compares each action with its newest production row,
 * so a partial run never vouches for actions it did not build.
 */
import { PUBLISH_SUFFIX } from "../plan/audit.js";
import { graphManifest } from "../plan/state.js";
import type { RunInfo, RunSummary } from "./events.js";

type Row = Readonly<Record<string, string | readonly string[]>>;

export function environmentOf(settings: { readonly schemaSuffix: string; readonly tablePrefix: string }): string {
  return [settings.schemaSuffix ? `schema_suffix=${settings.schemaSuffix}` : "", settings.tablePrefix ? `table_prefix=${settings.tablePrefix}` : ""].filter(Boolean).join(",");
}

export function manifestRows(run: RunInfo, summary: RunSummary): Row[] {
  const graph = run.stateGraph ?? run.graph;
  const environment = environmentOf(graph.settings);
  const status = new Map(summary.outcomes.map((o) => [o.action.key, o.status]));
  const ok = (key: string) => {
    const s = status.get(`${key}${PUBLISH_SUFFIX}`) ?? status.get(key);
    return s === "success" || s === "warning";
  };
  const manifest = graphManifest(graph);
  return graph.actions.flatMap((a, i) => {
    if (a.kind !== "declaration" && !ok(a.key)) return [];
    const e = manifest.entries[i]!;
    return [
      {
        run_id: run.runId,
        action_key: e.key,
        kind: e.kind,
        target_catalog: e.target.database,
        target_schema: e.target.schema,
        target_name: e.target.name,
        query_hash: e.queryHash,
        config_hash: e.configHash,
        dependencies: e.dependencies,
        environment,
        recorded_at: summary.endedAt,
      },
    ];
  });
}
