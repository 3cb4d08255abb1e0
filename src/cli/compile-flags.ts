/** The flags every project command shares with `compile`, and what they turn into. */
import { createTrinoDialect } from "../adapters/trino/dialect.js";
import { loadMaterializations, overridesFromFiles } from "../adapters/trino/materializations.js";
import { TranspileCache } from "../compile/transpile-cache.js";
import { TranspileStore } from "../compile/transpile-store.js";
import type { ProjectFiles } from "../compile/project-files.js";
import { errorMessage, LakeformError } from "../common/errors.js";
import type { SettingsOverrides } from "../config/project.js";
import { parseVarsFlag } from "../config/project.js";
import type { Dialect } from "../plan/dialect.js";
import { identifierFlag } from "./identifier-flag.js";

export interface CompileFlags {
  readonly json?: boolean;
  readonly watch?: boolean;
  readonly vars?: string;
  readonly schemaSuffix?: string;
  readonly tablePrefix?: string;
  /** commander's `--no-cache` */
  readonly cache?: boolean;
}

export function overridesFromFlags(f: CompileFlags): SettingsOverrides {
  let vars: Record<string, string> | undefined;
  try {
    vars = f.vars === undefined ? undefined : parseVarsFlag(f.vars);
  } catch (e) {
    throw new LakeformError("usage", errorMessage(e), { hint: "--vars start=2024-01-01,region=S" });
  }
  const schemaSuffix = identifierFlag("--schema-suffix", f.schemaSuffix);
  const tablePrefix = identifierFlag("--table-prefix", f.tablePrefix);
  return { ...(vars ? { vars } : {}), ...(schemaSuffix !== undefined ? { schemaSuffix } : {}), ...(tablePrefix !== undefined ? { tablePrefix } : {}) };
}

/** The dialect with the project's `includes/materializations/*.sql.hbs` overrides applied. */
export function projectDialect(files: ProjectFiles): Dialect {
  return createTrinoDialect(loadMaterializations(overridesFromFiles(files.files)));
}

export function newCache(dir: string, flags: CompileFlags): TranspileCache {
  return new TranspileCache(flags.cache === false ? TranspileStore.inMemory() : TranspileStore.open(dir));
}
