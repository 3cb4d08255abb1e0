/**
 * The OpenLineage run observer for `lakeform run`. Lineage context (table lineage, column
 * lineage from the cache) is computed once at run start. It never throws: a lineage backend
 * that is down costs a warning, never a failed run. Events are sent in order.
 */
import type { Action } from "../../compile/graph.js";
import type { ActionOutcome, RunInfo, RunObserver, RunSummary } from "../../run/events.js";
import type { ActionColumnLineage } from "../columns/types.js";
import { buildTableLineage } from "../table-lineage.js";
import type { LineageStream } from "../types.js";
import { trinoNamespace, type Namespaces } from "./datasets.js";
import { actionEndEvent, actionStartEvent, runEndEvent, runStartEvent, type RunEventContext } from "./run-events.js";
import { transportFor, type OpenLineageTransport } from "./transport.js";

export interface OpenLineageEmitterOptions {
  readonly transport: OpenLineageTransport;
  readonly namespaces: Namespaces;
  readonly project: string;
  readonly streams?: readonly LineageStream[];
  /** Column lineage for the run's graph (e.g. `graphColumnLineage` with the file cache). */
  readonly columns?: (run: RunInfo) => ReadonlyMap<string, ActionColumnLineage> | undefined;
  readonly warn?: (message: string) => void;
  readonly now?: () => Date;
}

export class OpenLineageEmitter implements RunObserver {
  private readonly opts: OpenLineageEmitterOptions;
  private ctx: RunEventContext | undefined;
  private queue: Promise<void> = Promise.resolve();
  private failures = 0;
  sent = 0;

  constructor(opts: OpenLineageEmitterOptions) {
    this.opts = opts;
  }

  private emit(event: unknown): Promise<void> {
    this.queue = this.queue.then(async () => {
      try {
        await this.opts.transport.send(event);
        this.sent++;
      } catch (e) {
        // Warn once per run, not once per event, when the backend is unreachable.
        if (this.failures++ === 0) this.opts.warn?.(`OpenLineage: cannot send to ${this.opts.transport.description}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
    return this.queue;
  }

  onRunStart(run: RunInfo): Promise<void> {
    // A dry run changes nothing, so there is no lineage event to report.
    if (run.dryRun) return Promise.resolve();
    try {
      const table = buildTableLineage({ project: this.opts.project, graph: run.graph, streams: this.opts.streams ?? [] });
      this.ctx = { run, project: this.opts.project, table, namespaces: this.opts.namespaces, columns: this.opts.columns?.(run) };
      return this.emit(runStartEvent(this.ctx));
    } catch (e) {
      this.opts.warn?.(`OpenLineage: ${e instanceof Error ? e.message : String(e)}`);
      return Promise.resolve();
    }
  }

  onActionStart(_run: RunInfo, action: Action): Promise<void> {
    if (!this.ctx || action.kind === "declaration") return Promise.resolve();
    return this.emit(actionStartEvent(this.ctx, action, (this.opts.now?.() ?? new Date()).toISOString()));
  }

  onActionEnd(_run: RunInfo, outcome: ActionOutcome): Promise<void> {
    if (!this.ctx || outcome.action.kind === "declaration") return Promise.resolve();
    const event = actionEndEvent(this.ctx, outcome);
    return event ? this.emit(event) : Promise.resolve();
  }

  onRunEnd(_run: RunInfo, summary: RunSummary): Promise<void> {
    if (!this.ctx) return Promise.resolve();
    return this.emit(runEndEvent(this.ctx, summary));
  }
}

/**
 * The emitter from the usual configuration: `--openlineage <file|url>` or, when the flag is
 * absent, `LAKEFORM_OPENLINEAGE_URL` / `OPENLINEAGE_URL`. Undefined when none is set.
 */
export function openLineageEmitterFromConfig(args: {
  readonly target?: string | undefined;
  readonly project: string;
  readonly trinoUrl: string;
  readonly kafkaBrokers: readonly string[];
  readonly streams?: readonly LineageStream[];
  readonly columns?: OpenLineageEmitterOptions["columns"];
  readonly warn?: (message: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}): OpenLineageEmitter | undefined {
  const env = args.env ?? process.env;
  const target = args.target ?? env.LAKEFORM_OPENLINEAGE_URL ?? env.OPENLINEAGE_URL;
  if (!target) return undefined;
  const broker = args.kafkaBrokers[0] ?? "localhost:9092";
  return new OpenLineageEmitter({
    transport: transportFor(target, env),
    project: args.project,
    namespaces: { jobs: env.OPENLINEAGE_NAMESPACE ?? args.project, trino: trinoNamespace(args.trinoUrl), kafka: `kafka://${broker}` },
    ...(args.streams ? { streams: args.streams } : {}),
    ...(args.columns ? { columns: args.columns } : {}),
    ...(args.warn ? { warn: args.warn } : {}),
  });
}
