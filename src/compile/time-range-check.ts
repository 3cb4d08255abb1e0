/**
 * Compile-time checks of time-range incrementals: the config keys together, and
 * `incrementalStart()` / `incrementalEnd()` used where no interval exists.
 */
import type { Diagnostic } from "../common/errors.js";
import type { Resolved } from "./resolve.js";
import { timeRangeOf, usesIntervalBounds, type TimeRangeInput } from "./time-range-config.js";

export function checkTimeRanges(resolved: readonly Resolved[], diagnostics: Diagnostic[]): void {
  for (const r of resolved) {
    const { p, out } = r;
    if (p.invalid) continue;
    const name = p.canonicalTarget.name;
    const timeRange = p.cfg.kind === "incremental" ? timeRangeOf(p.cfg.c as TimeRangeInput, p.draft.location, name, diagnostics) : undefined;
    const texts = [out.query ?? "", out.incrementalQuery ?? "", ...out.preOps, ...out.postOps, ...out.incrementalPreOps, ...out.incrementalPostOps, ...out.queries];
    // A time range with a mistake in its keys is reported once, by timeRangeOf.
    const attempted = p.cfg.kind === "incremental" && ["timeColumn", "batchSize", "begin", "lookback", "batchConcurrency"].some((k) => (p.cfg.c as Record<string, unknown>)[k] !== undefined);
    if (!timeRange && !attempted && texts.some(usesIntervalBounds)) {
      diagnostics.push({
        severity: "error",
        code: "interval-outside-time-range",
        message: `${name}: incrementalStart()/incrementalEnd() are only defined in a time-range incremental`,
        location: p.draft.location,
        hint: 'set type: "incremental" with timeColumn, batchSize and begin, or use incremental() and self() instead',
      });
    }
  }
}
