/** `run --workflow <name>`: a declared workflow's selection and vars, as if given as flags. */
import { nearest } from "../../common/did-you-mean.js";
import { DiagnosticsError, LakeformError } from "../../common/errors.js";
import { parseVarsFlag, readProjectSettings } from "../../config/project.js";
import type { Workflow } from "../../config/workflows.js";
import type { SelectionFlags } from "./run-flags.js";

export function findWorkflow(projectDir: string, name: string): Workflow {
  const { settings, diagnostics } = readProjectSettings(projectDir);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `the project settings have ${errors.length} error(s)`);
  const w = settings.workflows.find((x) => x.name === name);
  if (w) return w;
  const names = settings.workflows.map((x) => x.name);
  const guess = nearest(name, names);
  throw new LakeformError("usage", `unknown workflow "${name}"`, { hint: guess ? `did you mean "${guess}"?` : names.length ? `declared: ${names.join(", ")}` : 'declare it in dataform.json under "lakeform": { "workflows": { … } }' });
}

/** Workflow vars sit between the project's vars and `--vars` (the command line wins). */
export function varsFlag(w: Workflow, cli: string | undefined): string | undefined {
  const merged = { ...w.vars, ...(cli === undefined ? {} : parseVarsFlag(cli)) };
  const pairs = Object.entries(merged);
  if (pairs.some(([k, v]) => k.includes(",") || v.includes(","))) throw new LakeformError("usage", `workflow "${w.name}": vars with commas cannot be passed on`);
  return pairs.length ? pairs.map(([k, v]) => `${k}=${v}`).join(",") : cli;
}

export function workflowFlags<F extends SelectionFlags & { readonly schedule?: string }>(projectDir: string, flags: F & { readonly workflow?: string }): F {
  const name = flags.workflow!;
  const clash = (["actions", "tags", "includeDeps", "includeDependents", "fullRefresh", "schedule"] as const).filter((k) => flags[k] !== undefined && flags[k] !== false);
  if (clash.length) throw new LakeformError("usage", `--workflow ${name} sets the selection itself; drop --${clash.map((k) => k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)).join(", --")}`);
  const w = findWorkflow(projectDir, name);
  return {
    ...flags,
    ...(w.actions.length ? { actions: [...w.actions] } : {}),
    ...(w.tags.length ? { tags: [...w.tags] } : {}),
    includeDeps: w.includeDependencies,
    includeDependents: w.includeDependents,
    vars: varsFlag(w, flags.vars),
  };
}
