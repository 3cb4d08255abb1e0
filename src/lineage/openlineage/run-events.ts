/**
 * OpenLineage RunEvents for `lakeform run`: the run itself is a parent job (`<project>`) and
 * every action a child job with START and COMPLETE / FAIL / ABORT events, inputs, outputs,
 * schema, column lineage and rows written. Pure: run data in, events out.
 */
import type { Action } from "../../compile/graph.js";
import type { ActionOutcome, RunInfo, RunSummary } from "../../run/events.js";
import type { ActionColumnLineage } from "../columns/types.js";
import type { TableLineage } from "../types.js";
import { actionDatasets, type Namespaces } from "./datasets.js";
import { jobFacets } from "./job-events.js";
import { makeFacet, PRODUCER, RUN_EVENT_SCHEMA, type Facet, type OlDataset, type OlEventType, type OlRunEvent } from "./spec.js";
import { runUuid } from "./uuid.js";

export interface RunEventContext {
  readonly run: RunInfo;
  readonly project: string;
  readonly table: TableLineage;
  readonly namespaces: Namespaces;
  readonly columns?: ReadonlyMap<string, ActionColumnLineage> | undefined;
}

export const parentRunId = (run: RunInfo) => runUuid("lakeform-run", run.runId);
export const actionRunId = (run: RunInfo, key: string) => runUuid("lakeform-action", run.runId, key);

function parentFacet(ctx: RunEventContext): Facet {
  const id = { runId: parentRunId(ctx.run) };
  const job = { namespace: ctx.namespaces.jobs, name: ctx.project };
  return makeFacet("parent", { run: id, job, root: { run: id, job } });
}

function engineFacet(): Facet {
  return makeFacet("processingEngine", { name: "trino", version: "476", openlineageAdapterVersion: "lakeform-0.1.0" });
}

export function runStartEvent(ctx: RunEventContext): OlRunEvent {
  return {
    eventType: "START",
    eventTime: ctx.run.startedAt,
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
    run: { runId: parentRunId(ctx.run), facets: { processing_engine: engineFacet() } },
    job: { namespace: ctx.namespaces.jobs, name: ctx.project, facets: { jobType: makeFacet("jobType", { processingType: "BATCH", integration: "LAKEFORM", jobType: "DAG" }) } },
    inputs: [],
    outputs: [],
  };
}

export function runEndEvent(ctx: RunEventContext, summary: RunSummary): OlRunEvent {
  const eventType: OlEventType = summary.status === "success" ? "COMPLETE" : summary.status === "cancelled" ? "ABORT" : "FAIL";
  const failed = summary.outcomes.filter((o) => o.status === "failed").map((o) => o.action.key);
  const facets: Record<string, Facet> = { processing_engine: engineFacet() };
  if (eventType === "FAIL") facets.errorMessage = makeFacet("errorMessage", { message: `failed actions: ${failed.join(", ") || "(none recorded)"}`, programmingLanguage: "SQL" });
  return { ...runStartEvent(ctx), eventType, eventTime: summary.endedAt, run: { runId: parentRunId(ctx.run), facets } };
}

export function actionStartEvent(ctx: RunEventContext, a: Action, eventTime: string): OlRunEvent {
  const { inputs, outputs } = actionDatasets(a, ctx.run.graph, ctx.table, ctx.namespaces, ctx.columns);
  return {
    eventType: "START",
    eventTime,
    producer: PRODUCER,
    schemaURL: RUN_EVENT_SCHEMA,
    run: { runId: actionRunId(ctx.run, a.key), facets: { parent: parentFacet(ctx), processing_engine: engineFacet() } },
    job: { namespace: ctx.namespaces.jobs, name: a.key, facets: jobFacets(a) },
    inputs,
    outputs,
  };
}

function withRowCount(outputs: readonly OlDataset[], rows: number): OlDataset[] {
  return outputs.map((o) => ({ ...o, outputFacets: { outputStatistics: makeFacet("outputStatistics", { rowCount: Math.max(0, Math.round(rows)) }) } }));
}

/** COMPLETE / FAIL / ABORT for an action; `undefined` for skipped actions (they never started). */
export function actionEndEvent(ctx: RunEventContext, o: ActionOutcome): OlRunEvent | undefined {
  if (o.status === "skipped") return undefined;
  const start = actionStartEvent(ctx, o.action, o.startedAt);
  const eventType: OlEventType = o.status === "failed" ? "FAIL" : o.status === "cancelled" ? "ABORT" : "COMPLETE";
  const facets: Record<string, Facet> = { ...start.run.facets };
  if (o.error) facets.errorMessage = makeFacet("errorMessage", { message: o.error, programmingLanguage: "SQL" });
  const outputs = o.status === "success" || o.status === "warning" ? withRowCount(start.outputs, o.rowsWritten) : start.outputs;
  return { ...start, eventType, eventTime: o.endedAt, run: { runId: start.run.runId, facets }, outputs };
}
