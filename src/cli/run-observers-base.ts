/** The observers every run-like command uses: terminal progress and the Iceberg run log. */
import type { TrinoClient } from "../adapters/trino/client.js";
import type { RunObserver } from "../run/events.js";
import { RunLogObserver } from "../run/run-log.js";
import { ProgressReporter } from "./progress.js";
import type { LoadedProject } from "./project.js";

export function baseObservers(p: LoadedProject, client: TrinoClient, o: { progress: boolean; runLog: boolean; tty?: boolean }): RunObserver[] {
  const out: RunObserver[] = [];
  if (o.progress) out.push(new ProgressReporter((s) => process.stderr.write(s), o.tty ?? Boolean(process.stderr.isTTY)));
  if (o.runLog) out.push(new RunLogObserver(client, p.dialect, p.graph.settings.defaultDatabase, p.graph.settings.locationBase, p.dir));
  return out;
}
