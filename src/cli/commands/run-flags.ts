/** Flags shared by `plan`, `run` and `test` (Dataform's selection and environment flags). */
import type { Command } from "commander";
import type { CompileFlags } from "../compile-flags.js";
import { projectDirArgument, projectOverrideOptions, selectionOptions } from "../options.js";

export interface SelectionFlags extends CompileFlags {
  readonly actions?: string[];
  readonly tags?: string[];
  readonly includeDeps?: boolean;
  readonly includeDependents?: boolean;
  readonly fullRefresh?: boolean;
  readonly select?: string[];
  readonly state?: string;
}

export function addSelectionFlags(c: Command): Command {
  return projectOverrideOptions(selectionOptions(projectDirArgument(c)));
}

export function selectionOf(f: SelectionFlags) {
  return {
    ...(f.actions ? { actions: f.actions } : {}),
    ...(f.tags ? { tags: f.tags } : {}),
    ...(f.select ? { select: f.select } : {}),
    includeDeps: f.includeDeps === true,
    includeDependents: f.includeDependents === true,
    fullRefresh: f.fullRefresh === true,
  };
}
