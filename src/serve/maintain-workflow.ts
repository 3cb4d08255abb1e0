/**
 * A workflow of kind `maintain`: `lakeform maintain` on the workflow's selection (every
 * maintained table when it selects nothing) on its cron. It holds the locks of the tables it
 * compacts, so a run writing one of them waits (an `optimize` and a MERGE would conflict).
 */
import { DiagnosticsError, LakeformError } from "../common/errors.js";
import type { Workflow } from "../config/workflows.js";
import { projectMaintenance } from "../config/maintenance-policy.js";
import { maintenanceTargets } from "../plan/maintenance.js";
import { selectActions } from "../plan/select.js";
import { runMaintenance } from "../run/maintain.js";
import type { TrinoClient } from "../adapters/trino/client.js";
import type { Graph } from "../compile/graph.js";
import type { Dialect } from "../plan/dialect.js";
import type { PreparedRun } from "./scheduler.js";

export function prepareMaintenance(deps: { readonly client: TrinoClient }, w: Workflow, p: { readonly graph: Graph; readonly dialect: Dialect }): PreparedRun {
  const selection = {
    ...(w.actions.length ? { actions: w.actions } : {}),
    ...(w.tags.length ? { tags: w.tags } : {}),
    includeDeps: w.includeDependencies,
    includeDependents: w.includeDependents,
  };
  const project = projectMaintenance(p.graph.settings.lakeform);
  if ("error" in project) throw new LakeformError("usage", `workflow "${w.name}": ${project.error}`);
  const { keys, diagnostics } = selectActions(p.graph, selection);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `workflow "${w.name}" selects nothing valid`);
  const tables = maintenanceTargets(p.graph, project, keys).map((t) => `${t.target.database}.${t.target.schema}.${t.target.name}`);
  return {
    tables: [...new Set(tables)].sort(),
    run: async (signal) => {
      const r = await runMaintenance({ client: deps.client, dialect: p.dialect, graph: p.graph, selection, dryRun: false, runLog: true, signal });
      return signal.aborted ? "cancelled" : r.reports.some((x) => x.status === "failed") ? "failed" : "success";
    },
  };
}
