/**
 * Declared workflows (`lakeform.workflows` in dataform.json or workflow_settings.yaml), shaped like
 * Dataform's workflow configurations: a cron, a selection, vars. `lakeform serve` runs each on its
 * cron; `lakeform run --workflow <name>` runs one once. Validated strictly, each error located at
 * the offending key of the named workflow (not at the first `cron:` of the file).
 */
import { Cron } from "croner";
import { z } from "zod";
import { errorMessage, type Diagnostic } from "../common/errors.js";
import { findOffset, keyPattern, locationAt as locate } from "../common/text-position.js";
import { zodIssuesToDiagnostics } from "./zod-diagnostics.js";

export interface Workflow {
  readonly name: string;
  /** croner syntax: 5 fields, or 6 with seconds first */
  readonly cron: string;
  readonly timeZone: string | undefined;
  readonly tags: readonly string[];
  readonly actions: readonly string[];
  readonly includeDependencies: boolean;
  readonly includeDependents: boolean;
  readonly vars: Readonly<Record<string, string>>;
  /** after downtime, run a missed tick once at start-up */
  readonly catchUp: boolean;
  /** a failing workflow turns `/readyz` unready once it has been failing this long; default: two cron intervals */
  readonly graceSeconds: number | undefined;
  /** "run" builds the selection; "maintain" runs `lakeform maintain` on it (Iceberg upkeep by policy). */
  readonly kind?: "run" | "maintain" | undefined;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export const workflowSchema = z.strictObject({
  cron: z.string().min(1),
  timeZone: z.string().min(1).optional(),
  tags: z.array(z.string().min(1)).optional(),
  actions: z.array(z.string().min(1)).optional(),
  includeDependencies: z.boolean().optional(),
  includeDependents: z.boolean().optional(),
  // A scheduled full refresh would rebuild incremental tables from scratch on every tick.
  fullRefresh: z.literal(false, { error: "scheduled workflows cannot fully refresh; run `lakeform run --full-refresh` by hand" }).optional(),
  vars: z.record(z.string(), z.string()).optional(),
  catchUp: z.boolean().optional(),
  graceSeconds: z.number().int().positive().optional(),
  kind: z.enum(["run", "maintain"]).optional(),
});

const workflowKeyHints: Readonly<Record<string, string>> = {
  cronSchedule: 'Dataform\'s "cronSchedule" is "cron" here',
  includeDeps: 'use "includeDependencies"',
  schedule: 'use "cron"',
  timezone: 'use "timeZone"',
};

/** Why a cron expression or time zone is unusable, or undefined when it is fine. */
export function cronProblem(cron: string, timeZone?: string): string | undefined {
  if (timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone });
    } catch {
      return `unknown time zone "${timeZone}" (use an IANA name such as "America/Sao_Paulo" or "UTC")`;
    }
  }
  try {
    const c = new Cron(cron, { paused: true, ...(timeZone ? { timezone: timeZone } : {}) });
    return c.nextRun() ? undefined : `cron "${cron}" never fires`;
  } catch (e) {
    return `invalid cron "${cron}": ${errorMessage(e)}`;
  }
}

/**
 * Parses the `workflows` value of the `lakeform` section. `text` is the settings file's source,
 * used to locate errors.
 */
export function parseWorkflows(raw: unknown, file: string, text: string): { workflows: Workflow[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const workflows: Workflow[] = [];
  if (raw === undefined) return { workflows, diagnostics };
  const section = findOffset(text, keyPattern("workflows"));
  const at = (key: string, from: number) => {
    const o = findOffset(text, keyPattern(key), 0, Math.max(from, 0));
    return o < 0 ? (section < 0 ? { file, line: 1, column: 1 } : locate(file, text, section)) : locate(file, text, o);
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    diagnostics.push({ severity: "error", code: "invalid-settings", message: '"lakeform.workflows" must be an object of named workflows', location: at("workflows", 0), hint: 'e.g. { "silver_nrt": { "cron": "*/5 * * * *", "tags": ["silver"] } }' });
    return { workflows, diagnostics };
  }
  for (const [name, value] of Object.entries(raw)) {
    const from = findOffset(text, keyPattern(name), 0, Math.max(section, 0));
    const where = from < 0 ? at("workflows", 0) : locate(file, text, from);
    if (!NAME.test(name)) {
      diagnostics.push({ severity: "error", code: "invalid-settings", message: `workflow name "${name}" is not a valid name`, location: where, hint: "use letters, digits, _ and -, starting with a letter or _" });
      continue;
    }
    const r = workflowSchema.safeParse(value);
    if (!r.success) {
      const ctx = { file, text, from: Math.max(from, 0), fallback: where, what: `workflow "${name}"`, keyHints: workflowKeyHints, codes: { unknownKey: "unknown-settings-key", invalid: "invalid-settings" } } as const;
      diagnostics.push(...zodIssuesToDiagnostics(workflowSchema, r.error, ctx).map((d) => ({ ...d, message: d.message.replace(/^"([^"]+)":/, `"lakeform.workflows.${name}.$1":`) })));
      continue;
    }
    const w = r.data;
    const problem = cronProblem(w.cron, w.timeZone);
    if (problem) {
      diagnostics.push({ severity: "error", code: "invalid-settings", message: `workflow "${name}": ${problem}`, location: at(w.timeZone !== undefined && problem.startsWith("unknown time zone") ? "timeZone" : "cron", from), hint: 'croner syntax: "m h dom mon dow", or "s m h dom mon dow" with seconds' });
      continue;
    }
    workflows.push({
      name,
      cron: w.cron,
      timeZone: w.timeZone,
      tags: w.tags ?? [],
      actions: w.actions ?? [],
      includeDependencies: w.includeDependencies ?? false,
      includeDependents: w.includeDependents ?? false,
      vars: w.vars ?? {},
      catchUp: w.catchUp ?? true,
      graceSeconds: w.graceSeconds,
      ...(w.kind ? { kind: w.kind } : {}),
    });
  }
  return { workflows, diagnostics };
}

