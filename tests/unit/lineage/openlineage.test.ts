import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Action } from "../../../src/compile/graph.js";
import { OpenLineageEmitter, openLineageEmitterFromConfig } from "../../../src/lineage/openlineage/emitter.js";
import { jobEvents } from "../../../src/lineage/openlineage/job-events.js";
import type { OpenLineageTransport } from "../../../src/lineage/openlineage/transport.js";
import { FileTransport, lineageEndpoint } from "../../../src/lineage/openlineage/transport.js";
import { runUuid } from "../../../src/lineage/openlineage/uuid.js";
import { buildTableLineage } from "../../../src/lineage/table-lineage.js";
import type { ActionOutcome, RunInfo } from "../../../src/run/events.js";
import { agro, agroColumns } from "./helpers.js";
import { openLineageProblems } from "./openlineage-helpers.js";

const ns = { jobs: "agro", trino: "trino://127.0.0.1:8080", kafka: "kafka://127.0.0.1:9092" };

class Memory implements OpenLineageTransport {
  readonly description = "memory";
  readonly events: Record<string, unknown>[] = [];
  async send(e: unknown) {
    this.events.push(JSON.parse(JSON.stringify(e)) as Record<string, unknown>);
  }
}

function runInfo(): RunInfo {
  const p = agro();
  return { runId: "run-1", projectDir: "/x/agro", startedAt: "2024-05-01T10:00:00.000Z", graph: p.compiled.graph, selected: p.compiled.graph.actions.map((a) => a.key), dryRun: false };
}

function action(key: string): Action {
  const a = agro().compiled.graph.actions.find((x) => x.key === key);
  if (!a) throw new Error(key);
  return a;
}

describe("OpenLineage", () => {
  test("compile-time job events (with column lineage) validate against the spec and facet schemas", () => {
    const p = agro();
    const table = buildTableLineage({ project: p.project, graph: p.compiled.graph, streams: p.streams });
    const events = jobEvents({ graph: p.compiled.graph, table, columns: agroColumns(), namespaces: ns, eventTime: "2024-05-01T10:00:00Z" });
    for (const e of events) expect(openLineageProblems(e, "JobEvent"), e.job.name).toEqual([]);
    const risk = events.find((e) => e.job.name === "iceberg.gold.risk_features_agro")!;
    expect(risk.inputs.map((i) => i.name)).toEqual(["iceberg.silver.dados_produtores_agro"]);
    const cl = risk.outputs[0]?.facets?.columnLineage as unknown as { fields: Record<string, { inputFields: { field: string; transformations: { subtype: string }[] }[] }>; dataset: { field: string; transformations: { type: string }[] }[] };
    expect(cl.fields.serasa_score_medio?.inputFields[0]).toMatchObject({ field: "serasa_score", transformations: [{ subtype: "AGGREGATION" }] });
    expect(cl.dataset.some((d) => d.field === "registro_valido" && d.transformations[0]?.type === "INDIRECT")).toBe(true);
    const ingest = events.find((e) => e.job.name === "ingest.dados_produtores")!;
    expect(ingest.inputs[0]).toMatchObject({ namespace: "kafka://127.0.0.1:9092", name: "dados_produtores" });
  }, 60_000);

  test("the run observer emits START/COMPLETE/FAIL per action inside a parent run, all valid", async () => {
    const t = new Memory();
    const emitter = new OpenLineageEmitter({ transport: t, namespaces: ns, project: "agro", streams: agro().streams, now: () => new Date("2024-05-01T10:00:01Z") });
    const run = runInfo();
    const silver = action("iceberg.silver.dados_produtores_agro");
    const gold = action("iceberg.gold.risk_features_agro");
    await emitter.onRunStart(run);
    await emitter.onActionStart(run, silver);
    const ok: ActionOutcome = { action: silver, status: "success", startedAt: "2024-05-01T10:00:01Z", endedAt: "2024-05-01T10:00:05Z", statements: [], rowsWritten: 120, snapshotId: "1" };
    await emitter.onActionEnd(run, ok);
    await emitter.onActionStart(run, gold);
    await emitter.onActionEnd(run, { action: gold, status: "failed", startedAt: "2024-05-01T10:00:05Z", endedAt: "2024-05-01T10:00:06Z", statements: [], rowsWritten: 0, error: "Column 'x' cannot be resolved" });
    await emitter.onActionEnd(run, { action: action("iceberg.gold.location_features_agro"), status: "skipped", startedAt: "2024-05-01T10:00:06Z", endedAt: "2024-05-01T10:00:06Z", statements: [], rowsWritten: 0 });
    await emitter.onRunEnd(run, { runId: "run-1", status: "failed", startedAt: run.startedAt, endedAt: "2024-05-01T10:00:07Z", outcomes: [ok] });

    expect(t.events.map((e) => `${e.eventType as string} ${(e.job as { name: string }).name}`)).toEqual([
      "START agro",
      "START iceberg.silver.dados_produtores_agro",
      "COMPLETE iceberg.silver.dados_produtores_agro",
      "START iceberg.gold.risk_features_agro",
      "FAIL iceberg.gold.risk_features_agro",
      "FAIL agro",
    ]);
    for (const e of t.events) expect(openLineageProblems(e, "RunEvent")).toEqual([]);
    const complete = t.events[2] as { run: { runId: string; facets: { parent: { run: { runId: string } } } }; outputs: { outputFacets: { outputStatistics: { rowCount: number } } }[] };
    expect(complete.run.runId).toBe((t.events[1] as { run: { runId: string } }).run.runId);
    expect(complete.run.facets.parent.run.runId).toBe((t.events[0] as { run: { runId: string } }).run.runId);
    expect(complete.outputs[0]?.outputFacets.outputStatistics.rowCount).toBe(120);
    expect(JSON.stringify(t.events[4])).toContain("cannot be resolved");
  });

  test("dry runs emit nothing", async () => {
    const t = new Memory();
    const emitter = new OpenLineageEmitter({ transport: t, namespaces: ns, project: "agro" });
    const run = { ...runInfo(), dryRun: true };
    await emitter.onRunStart(run);
    await emitter.onActionStart(run, action("iceberg.silver.dados_produtores_agro"));
    expect(t.events).toEqual([]);
  });

  test("a failing transport never throws into the run", async () => {
    const warnings: string[] = [];
    const emitter = new OpenLineageEmitter({ transport: { description: "down", send: () => Promise.reject(new Error("ECONNREFUSED")) }, namespaces: ns, project: "agro", warn: (m) => warnings.push(m) });
    const run = runInfo();
    await emitter.onRunStart(run);
    await emitter.onActionStart(run, action("iceberg.silver.dados_produtores_agro"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("ECONNREFUSED");
  });

  test("configuration: flag, LAKEFORM_OPENLINEAGE_URL, OPENLINEAGE_URL; file transport writes NDJSON", async () => {
    const base = { project: "agro", trinoUrl: "http://127.0.0.1:8080", kafkaBrokers: ["127.0.0.1:9092"] };
    expect(openLineageEmitterFromConfig({ ...base, env: {} })).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), "ol-"));
    const file = join(dir, "events.ndjson");
    const e = openLineageEmitterFromConfig({ ...base, env: { LAKEFORM_OPENLINEAGE_URL: file } })!;
    await e.onRunStart(runInfo());
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ eventType: "START", job: { name: "agro" } });
    expect(openLineageEmitterFromConfig({ ...base, env: { OPENLINEAGE_URL: "http://marquez:5000" } })).toBeDefined();
    expect(lineageEndpoint("http://marquez:5000")).toBe("http://marquez:5000/api/v1/lineage");
    expect(lineageEndpoint("http://x/custom/lineage")).toBe("http://x/custom/lineage");
    expect(new FileTransport(join(dir, "a", "b.ndjson")).description).toContain("b.ndjson");
  });

  test("run ids are deterministic UUIDs", () => {
    expect(runUuid("a", "b")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(runUuid("a", "b")).toBe(runUuid("a", "b"));
    expect(runUuid("a", "b")).not.toBe(runUuid("a", "c"));
  });
});
