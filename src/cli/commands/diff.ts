/**
 * `lakeform diff <model> [project-dir]`: a model's table in two environments (`--env a --env b`;
 * one `--env` compares production with it) or now and at an Iceberg snapshot (`--snapshot id`).
 */
import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { LakeformError } from "../../common/errors.js";
import type { Target } from "../../common/target.js";
import type { Action } from "../../compile/graph.js";
import { resolveConnections } from "../../config/connection.js";
import { selectActions } from "../../plan/select.js";
import { tableDiff, type TableDiff } from "../../run/table-diff.js";
import { identifierFlag } from "../identifier-flag.js";
import { helpFooter, positiveInt, projectDirArgument, projectOverrideOptions } from "../options.js";
import { formatTable, printJson } from "../output.js";
import { loadProject } from "../project.js";

interface DiffFlags {
  readonly env?: string[];
  readonly snapshot?: string;
  readonly key?: string[];
  readonly sample: number;
  readonly json?: boolean;
  readonly vars?: string;
  readonly schemaSuffix?: string;
  readonly tablePrefix?: string;
}

const PRODUCTION = new Set(["prod", "production"]);
const list = (v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];

/** The model's table in an environment: production (`prod`) or the schema suffix `env`. */
function inEnv(a: Action, env: string): Target {
  if (PRODUCTION.has(env)) return a.canonicalTarget;
  const suffix = identifierFlag("--env", env)!;
  return { ...a.canonicalTarget, schema: `${a.canonicalTarget.schema}_${suffix}` };
}

export function diffText(d: TableDiff): string {
  const out = [`A: ${d.a.table} (${d.a.rows} rows)`, `B: ${d.b.table} (${d.b.rows} rows)`];
  if (d.schema.added.length) out.push(`columns only in B: ${d.schema.added.join(", ")}`);
  if (d.schema.removed.length) out.push(`columns only in A: ${d.schema.removed.join(", ")}`);
  for (const c of d.schema.retyped) out.push(`column ${c.name}: ${c.a} → ${c.b}`);
  out.push(`key: ${d.key.length ? d.key.join(", ") : "(none: rows compared whole)"}`);
  out.push(`rows only in A: ${d.onlyInA}`, `rows only in B: ${d.onlyInB}`);
  if (d.changed !== null) out.push(`rows changed: ${d.changed}`);
  const cols = Object.entries(d.columns);
  if (cols.length) out.push("", formatTable(["column", "rows changed", "% of matched"], cols.map(([c, n]) => [c, n, `${(((n / Math.max(1, d.a.rows - d.onlyInA)) * 100)).toFixed(1)}%`])));
  if (d.sample.length) {
    const headers = Object.keys(d.sample[0]!);
    out.push("", "sample:", formatTable(headers, d.sample.map((r) => headers.map((h) => r[h]))));
  }
  return out.join("\n");
}

export function registerDiff(program: Command): void {
  const cmd = projectOverrideOptions(
    projectDirArgument(program.command("diff").description("compare a model's table across environments or with an Iceberg snapshot: schema, row counts, rows only in A / only in B / changed per key, per-column counts, a sample").argument("<model>", "the model (name, schema.name or catalog.schema.name)")),
  )
    .option("--env <env>", 'an environment: a schema suffix, or "prod" (twice: A then B; once: prod vs it)', list)
    .option("--snapshot <id>", "compare the table now (B) with this Iceberg snapshot of it (A)")
    .option("--key <columns>", "the key rows are matched on (default: the model's uniqueKey)", list)
    .option("--sample <n>", "differing rows shown", positiveInt("--sample"), 10)
    .option("--json", "print the diff as JSON");
  helpFooter(cmd, {
    examples: ["lakeform diff silver.dados_produtores_agro --env pr_42", "lakeform diff gold.risk_features_agro --env prod --env pr_42 --key documento", "lakeform diff silver.dados_produtores_agro --snapshot 5771230455911029372 --json"],
    exitCodes: [0, 1, 2],
  });
  cmd.action(async (model: string, dir: string, flags: DiffFlags) => {
    const p = await loadProject(dir, flags);
    const { keys, diagnostics } = selectActions(p.graph, { actions: [model] });
    const action = p.graph.actions.find((a) => keys.has(a.key) && (a.kind === "table" || a.kind === "incremental" || a.kind === "view"));
    if (!action) throw new LakeformError("usage", diagnostics[0]?.message ?? `diff: ${model} is not a table, incremental or view`, { hint: "name a model: lakeform diff silver.orders --env pr_42" });
    const envs = flags.env ?? [];
    if (flags.snapshot === undefined && (envs.length < 1 || envs.length > 2)) throw new LakeformError("usage", "diff: give --env once or twice, or --snapshot", { hint: "lakeform diff orders --env pr_42  (production vs pr_42)" });
    const [a, b] =
      flags.snapshot !== undefined
        ? [{ target: envs[0] ? inEnv(action, envs[0]) : action.target, snapshot: flags.snapshot }, { target: envs[0] ? inEnv(action, envs[0]) : action.target }]
        : envs.length === 1
          ? [{ target: action.canonicalTarget }, { target: inEnv(action, envs[0]!) }]
          : [{ target: inEnv(action, envs[0]!) }, { target: inEnv(action, envs[1]!) }];
    const key = flags.key ?? (action.kind === "incremental" ? [...action.uniqueKey] : []);
    const client = new TrinoClient(resolveConnections(p.dir).trino);
    const d = await tableDiff(client, a, b, key, flags.sample);
    if (flags.json) printJson(d);
    else process.stdout.write(`${diffText(d)}\n`);
  });
}
