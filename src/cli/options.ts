/**
 * The CLI's one option vocabulary. Commands take their shared flags from here, so a flag (and a
 * short flag) means the same in every command, numbers are parsed and shown as numbers, and every
 * `--help` ends with examples and the command's exit codes.
 */
import { InvalidArgumentError, type Command } from "commander";
import { splitActionList } from "../plan/action-name.js";

/** Exit codes every command shares (cli.ts maps errors to them); a command lists the ones it uses. */
export const EXIT_CODES = {
  0: "success",
  1: "failure (a model, a blocking check, a compile error, Trino unreachable)",
  2: "usage error (unknown flag, bad value, not a project folder)",
  130: "cancelled (Ctrl-C / SIGTERM)",
} as const;

export type ExitCode = keyof typeof EXIT_CODES;

export function projectDirArgument(c: Command): Command {
  return c.argument("[project-dir]", "the project folder (with dataform.json or workflow_settings.yaml)", ".");
}

export function positiveInt(flag: string): (v: string) => number {
  return (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} expects a positive integer, got "${v}"`);
    return n;
  };
}

export function concurrencyOption(c: Command, what: string): Command {
  return c.option("--concurrency <n>", `at most n ${what} at once`, positiveInt("--concurrency"), 4);
}

export function jsonOption(c: Command, what: string): Command {
  return c.option("--json", `print ${what} as JSON`);
}

/** The environment flags of every command that compiles the project. */
export function projectOverrideOptions(c: Command): Command {
  return c
    .option("--vars <k=v,...>", "override project vars")
    .option("--schema-suffix <suffix>", "append _<suffix> to every schema (declarations excepted)")
    .option("--table-prefix <prefix>", "prepend <prefix>_ to every table name (declarations excepted)");
}

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];
/** Like `list`, but a comma or dot inside double quotes belongs to the name (`silver."a.b"`). */
const actionList = (v: string, prev: string[] = []) => [...prev, ...splitActionList(v)];

/** Which actions: the same four flags in plan, run and test (Dataform's). */
export function selectionOptions(c: Command): Command {
  return c
    .option("--actions <names>", 'only these actions (catalog.schema.name, schema.name or name; a part with dots in double quotes: silver."a.b"; comma-separated, repeatable)', actionList)
    .option("--tags <tags>", "only actions with these tags (comma-separated, repeatable)", list)
    .option("--include-deps", "also the dependencies of the selected actions")
    .option("--include-dependents", "also the actions that depend on the selected ones")
    .option("--select <selectors>", "state selectors: state:modified, state:modified+ (with dependents), +state:modified (with dependencies), state:new (comma-separated, repeatable)", list)
    .option("--state <file|run-id>", "compare with this manifest (a `lakeform compile --json` file or a run id) instead of the last production run's");
}

/** Time-range models (plan and run): which intervals to (re)build. */
export function timeRangeOptions(c: Command): Command {
  return c
    .option("--start <date>", "time-range models: only intervals from this date/timestamp (UTC), e.g. 2026-01-01")
    .option("--end <date>", "time-range models: only intervals up to this date (inclusive) or timestamp (exclusive)")
    .option("--restate", "time-range models: rebuild the --start/--end intervals even if already built (refused for protected models)");
}

/** The end of every `--help`: examples, then the exit codes the command uses. */
export function helpFooter(c: Command, o: { readonly examples: readonly string[]; readonly exitCodes: readonly ExitCode[]; readonly notes?: string }): Command {
  const lines = [
    "",
    ...(o.notes ? [o.notes, ""] : []),
    "Examples:",
    ...o.examples.map((e) => `  ${e}`),
    "",
    "Exit codes:",
    ...o.exitCodes.map((code) => `  ${String(code).padEnd(3)} ${EXIT_CODES[code]}`),
  ];
  return c.addHelpText("after", lines.join("\n"));
}
