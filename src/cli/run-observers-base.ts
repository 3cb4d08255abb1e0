/** The observers every run-like command uses: terminal progress. (The run log is in the plan.) */
import type { RunObserver } from "../run/events.js";
import { ProgressReporter } from "./progress.js";

export function baseObservers(o: { progress: boolean; tty?: boolean }): RunObserver[] {
  const out: RunObserver[] = [];
  if (o.progress) out.push(new ProgressReporter((s) => process.stderr.write(s), o.tty ?? Boolean(process.stderr.isTTY)));
  return out;
}
