/** Which declared workflows this `serve` process schedules, and their `--cron` overrides. Pure. */
import { nearest } from "../common/did-you-mean.js";
import { cronProblem, type Workflow } from "../config/workflows.js";

/** `name=expr` pairs (repeatable `--cron`), e.g. `silver_nrt=*\/10 * * * * *`. */
export function parseCronOverrides(pairs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw new Error(`--cron expects <workflow>=<cron>, got "${p}"`);
    out.set(p.slice(0, eq).trim(), p.slice(eq + 1).trim());
  }
  return out;
}

export function selectWorkflows(all: readonly Workflow[], only: readonly string[] | undefined, crons: ReadonlyMap<string, string>, catchUp?: boolean): Workflow[] {
  const names = all.map((w) => w.name);
  for (const n of [...(only ?? []), ...crons.keys()]) {
    if (!names.includes(n)) {
      const guess = nearest(n, names);
      throw new Error(`unknown workflow "${n}"${guess ? ` — did you mean "${guess}"?` : names.length ? ` — declared: ${names.join(", ")}` : " — none is declared in lakeform.workflows"}`);
    }
  }
  return all
    .filter((w) => !only?.length || only.includes(w.name))
    .map((w) => {
      const cron = crons.get(w.name) ?? w.cron;
      const problem = cronProblem(cron, w.timeZone);
      if (problem) throw new Error(`--cron ${w.name}: ${problem}`);
      return { ...w, cron, ...(catchUp === undefined ? {} : { catchUp }) };
    });
}
