/**
 * `lakeform demo`: the example project end to end on this machine — start the stack, simulate
 * producer events into Kafka, ingest them into bronze exactly once, build silver and gold, run
 * the assertions, write lineage and Grafana dashboards, and print a report whose numbers can be
 * recomputed with `lakeform sql`. Running it again adds new events and runs incrementally.
 */
import { helpFooter, positiveInt, projectDirArgument } from "../options.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { TrinoClient } from "../../adapters/trino/client.js";
import { LakeformError } from "../../common/errors.js";
import { lockTables, writeSet } from "../../run/table-locks.js";
import { resolveConnections } from "../../config/connection.js";
import { runIngest } from "../../ingest/run-ingest.js";
import { loadStreams } from "../../ingest/streams.js";
import type { RunSummary } from "../../run/events.js";
import { executePlan, preparePlan } from "../../run/runner.js";
import { junitXml } from "../../run/junit.js";
import { runSimulate } from "../../simulate/run-simulate.js";
import { stackContext, stackUp } from "../../stack/stack.js";
import { identifierFlag } from "../identifier-flag.js";
import { formatTable, info } from "../output.js";
import { baseObservers } from "../run-observers-base.js";
import { loadProject } from "../project.js";
import { demoArtifacts } from "./demo-artifacts.js";
import { runExampleDemo } from "./demo-example-run.js";
import { EXAMPLES } from "./demo-examples.js";

interface DemoFlags {
  readonly events: number;
  readonly seed?: number;
  readonly badShare: number;
  readonly out: string;
  readonly stack: boolean;
  readonly schemaSuffix?: string;
  readonly example?: string;
  readonly vars?: string;
}

function step(n: number, title: string): void {
  info(`\n== ${n}. ${title}`);
}

export function registerDemo(program: Command): void {
  const cmd = program
    .command("demo")
    .description("run the example agro-credit pipeline end to end: stack → simulated Kafka events → bronze → silver → gold → assertions → lineage + dashboards");
  helpFooter(cmd, { examples: ["lakeform demo", "lakeform demo --events 10000 --out build", "lakeform demo --example vendas"], exitCodes: [0, 1, 2, 130] });
  projectDirArgument(cmd)
    .option("--events <n>", "simulated producer events to send", positiveInt("--events"), 3000)
    .option("--seed <n>", "simulator seed (default: a new one each run, so reruns add new events)", positiveInt("--seed"))
    .option("--bad-share <share>", "share of bad events (dead letters and invalid records)", (v) => Number(v), 0.05)
    .option("-o, --out <dir>", "where lineage and dashboards are written", "build")
    .option("--no-stack", "do not start the local stack (use the configured Trino/Kafka)")
    .option("--schema-suffix <suffix>", "build silver/gold into <schema>_<suffix> (environments, tests)")
    .option("--example <name>", `run an example project of examples/ end to end instead (${EXAMPLES.map((e) => e.name).join(", ")})`)
    .option("--vars <k=v,...>", "with --example: override the example's project vars")
    .action(async (dir: string, flags: DemoFlags) => {
      if (flags.example) {
        const schemaSuffix = identifierFlag("--schema-suffix", flags.schemaSuffix);
        process.exitCode = await runExampleDemo(flags.example, { stack: flags.stack, schemaSuffix, vars: flags.vars });
        return;
      }
      const projectDir = resolve(dir);
      const schemaSuffix = identifierFlag("--schema-suffix", flags.schemaSuffix);
      const t0 = Date.now();
      if (flags.stack) {
        step(1, "local lakehouse (Trino 476 + Iceberg/PostgreSQL + MinIO + Kafka)");
        const up = await stackUp(stackContext((m) => info(`   ${m}`)));
        info(`   stack up in ${up.seconds.toFixed(1)} s`);
      }
      // Compile first: a mistake in definitions/ should stop the demo before it produces anything.
      const p = await loadProject(projectDir, schemaSuffix ? { schemaSuffix } : {});
      const streams = loadStreams(projectDir);
      const stream = streams.streams[0];
      if (!stream) throw new LakeformError("config", `no stream declared under ${join(projectDir, "streams")}`);

      step(2, `simulate ${flags.events} producer events → Kafka topic ${stream.topic}`);
      const seed = flags.seed ?? Date.now() % 1_000_000_007;
      const sim = await runSimulate({ projectDir, stream: stream.name, count: flags.events, seed, badShare: flags.badShare, log: (m) => info(`   ${m}`) });
      info(`   ${sim.produced} messages (seed ${seed})`);

      step(3, `ingest ${stream.topic} → ${stream.target.catalog}.${stream.target.schema}.${stream.target.table} (exactly once)`);
      const ingested = await runIngest({ projectDir, untilIdle: true, log: (level, m) => level !== "debug" && info(`   ${m}`) });

      const lock = lockTables(projectDir, writeSet(p.graph, p.graph.actions.map((a) => a.key)), "lakeform demo");
      if ("busy" in lock) throw new LakeformError("usage", `another run is writing ${lock.busy.table}: ${lock.busy.owner.what} (pid ${lock.busy.owner.pid})`);
      let run: RunSummary;
      let test: RunSummary;
      const client = new TrinoClient(resolveConnections(projectDir).trino);
      const out = resolve(projectDir, flags.out);
      mkdirSync(out, { recursive: true });
      try {
        step(4, "lakeform run: silver (incremental MERGE) and gold");
        const observers = baseObservers({ progress: true, tty: false });
        const plan = await preparePlan({ client, dialect: p.dialect, graph: p.graph, projectDir, options: { runLog: true } });
        run = await executePlan({ client, dialect: p.dialect, graph: p.graph, projectDir, options: { runLog: true }, observers }, plan);

        step(5, "lakeform test: assertions and SQLX unit tests");
        const testPlan = await preparePlan({ client, dialect: p.dialect, graph: p.graph, projectDir, options: { purpose: "test" } });
        test = await executePlan({ client, dialect: p.dialect, graph: p.graph, projectDir, options: { purpose: "test" }, observers: baseObservers({ progress: true, tty: false }) }, testPlan);
        writeFileSync(join(out, "junit.xml"), junitXml("lakeform test", test));
      } finally {
        lock.release();
      }

      step(6, "lineage and Grafana dashboards");
      const artifacts = await demoArtifacts(p, out);
      for (const a of artifacts) info(`   ${relative(process.cwd(), a)}`);

      step(7, "report");
      const layers = await rowsPerLayer(client, p.graph.actions.filter((a) => a.kind === "table" || a.kind === "incremental" || a.kind === "view").map((a) => a.sqlTarget), stream);
      const checks = test.outcomes;
      const failedChecks = checks.filter((o) => o.status === "failed");
      const lines = [
        `events this run: ${sim.produced} simulated; ingested ${ingested.map((s) => `${s.rows} rows + ${s.deadLetters} dead letters`).join(", ")}`,
        formatTable(["relation", "rows"], layers),
        `run: ${run.status} (${run.outcomes.filter((o) => o.status === "success").length}/${run.outcomes.length} actions ok)`,
        `checks: ${checks.filter((o) => o.status === "success").length} passed, ${failedChecks.length} failed, ${checks.filter((o) => o.status === "warning").length} warning(s)${failedChecks.length ? ` — ${failedChecks.map((o) => o.action.key).join(", ")}` : ""}`,
        `JUnit: ${relative(process.cwd(), join(out, "junit.xml"))}`,
        `dashboards: docker compose up -d grafana  (on a machine with Docker), then http://127.0.0.1:3000 → folder Lakeform`,
        `recompute by hand, e.g.: lakeform sql 'SELECT count(*) FROM ${silverTarget(p)} WHERE registro_valido'`,
        `done in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
      if (run.status !== "success" || failedChecks.length) process.exitCode = 1;
    });
}

function silverTarget(p: { graph: { actions: readonly { kind: string; sqlTarget: string }[] } }): string {
  return p.graph.actions.find((a) => a.kind === "incremental")?.sqlTarget ?? "<table>";
}

async function rowsPerLayer(client: TrinoClient, targets: readonly string[], stream: { target: { catalog: string; schema: string; table: string }; deadLetter: { catalog: string; schema: string; table: string } }): Promise<(string | bigint)[][]> {
  const q = (t: { catalog: string; schema: string; table: string }) => `"${t.catalog}"."${t.schema}"."${t.table}"`;
  const all = [q(stream.target), q(stream.deadLetter), ...targets];
  const rows: (string | bigint)[][] = [];
  for (const t of all) {
    const r = await client.query(`SELECT count(*) FROM ${t}`).catch(() => undefined);
    rows.push([t.replaceAll('"', ""), (r?.rows[0]?.[0] as bigint | undefined) ?? "missing"]);
  }
  return rows;
}
