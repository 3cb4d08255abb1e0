/**
 * Which streams' ingesters have been assigned partitions, for `/readyz`. `runIngest` reports its
 * assignments only through its log ("[<stream>] assigned partitions 0,1,2" or "… (none)"), so the
 * logger handed to it is wrapped. The line format is pinned by a unit test; an `onAssigned` hook
 * in the ingester would be the cleaner seam.
 */
import type { IngestLogger } from "../ingest/log.js";

const ASSIGNED = /^\[([^\]]+)\] assigned partitions (.+)$/;
/** A file landing's ingester is ready once it has its tables and starts listing its prefix. */
const LANDING = /^\[([^\]]+)\] landing s3:\/\//;

export class IngestAssignments {
  private readonly state = new Map<string, boolean>();

  constructor(streams: readonly string[]) {
    for (const s of streams) this.state.set(s, false);
  }

  get snapshot(): ReadonlyMap<string, boolean> {
    return new Map(this.state);
  }

  /** Notes an assignment line; other lines are ignored. */
  observe(message: string): void {
    const m = ASSIGNED.exec(message);
    if (m && this.state.has(m[1]!)) this.state.set(m[1]!, m[2]!.trim() !== "(none)");
    const f = LANDING.exec(message);
    if (f && this.state.has(f[1]!)) this.state.set(f[1]!, true);
  }

  /** Marks every stream unassigned (the ingesters stopped). */
  clear(): void {
    for (const k of this.state.keys()) this.state.set(k, false);
  }

  wrap(log: IngestLogger): IngestLogger {
    return (level, message, fields) => {
      this.observe(message);
      log(level, message, fields);
    };
  }
}
