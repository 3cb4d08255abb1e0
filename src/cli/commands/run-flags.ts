/** Flags shared by `plan`, `run` and `test` (Dataform's selection and environment flags). */
import type { Command } from "commander";
import { splitActionList } from "../../plan/action-name.js";
import type { CompileFlags } from "../compile-flags.js";

export interface SelectionFlags extends CompileFlags {
  readonly actions?: string[];
  readonly tags?: string[];
  readonly includeDeps?: boolean;
  readonly includeDependents?: boolean;
  readonly fullRefresh?: boolean;
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];
const actionList = (v: string, prev: string[] = []) => [...prev, ...splitActionList(v)];

export function addSelectionFlags(c: Command): Command {
  return c
    .argument("[project-dir]", "project directory", ".")
    .option("--actions <names>", 'only these actions (catalog.schema.name, schema.name or name; a part with dots in double quotes: silver."a.b"; comma-separated, repeatable)', actionList)
    .option("--tags <tags>", "only actions with these tags (comma-separated, repeatable)", list)
    .option("--include-deps", "also run the dependencies of the selected actions")
    .option("--include-dependents", "also run the actions that depend on the selected ones")
    .option("--vars <k=v,...>", "override project vars")
    .option("--schema-suffix <suffix>", "append _<suffix> to every schema (environments)")
    .option("--table-prefix <prefix>", "prefix every table name with <prefix>_");
}

export function selectionOf(f: SelectionFlags) {
  return {
    ...(f.actions ? { actions: f.actions } : {}),
    ...(f.tags ? { tags: f.tags } : {}),
    includeDeps: f.includeDeps === true,
    includeDependents: f.includeDependents === true,
    fullRefresh: f.fullRefresh === true,
  };
}
