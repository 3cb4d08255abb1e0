/**
 * The `lakeform.manifests` rows of a successful run: the compiled graph's manifest
 * (plan/state.ts) with the run's environment ("" for production: no schema suffix, no table
 * prefix). `--select state:modified` compares with the newest production one.
 */
import { graphManifest } from "../plan/state.js";
import type { RunInfo } from "./events.js";

type Row = Readonly<Record<string, string | readonly string[]>>;

export function environmentOf(settings: { readonly schemaSuffix: string; readonly tablePrefix: string }): string {
  return [settings.schemaSuffix ? `schema_suffix=${settings.schemaSuffix}` : "", settings.tablePrefix ? `table_prefix=${settings.tablePrefix}` : ""].filter(Boolean).join(",");
}

export function manifestRows(run: RunInfo, recordedAt: string): Row[] {
  const graph = run.stateGraph ?? run.graph;
  const environment = environmentOf(graph.settings);
  return graphManifest(graph).entries.map((e) => ({
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
    recorded_at: recordedAt,
  }));
}
