/** A workflow's cron as a pure function of time (croner, paused: it never schedules anything itself). */
import { Cron } from "croner";

export interface CronSpec {
  readonly cron: string;
  readonly timeZone?: string | undefined;
}

function cron(s: CronSpec): Cron {
  return new Cron(s.cron, { paused: true, ...(s.timeZone ? { timezone: s.timeZone } : {}) });
}

/** The first fire time strictly after `after`. */
export function nextFire(s: CronSpec, after: Date): Date | undefined {
  return cron(s).nextRun(after) ?? undefined;
}

/** The last fire time at or before `at`. */
export function previousFire(s: CronSpec, at: Date): Date | undefined {
  // croner's previousRuns looks strictly before its reference; +1 ms includes a tick at `at`.
  return cron(s).previousRuns(1, new Date(at.getTime() + 1))[0];
}

/** The gap between the two fire times that follow `at` (the cron's period there). */
export function intervalMs(s: CronSpec, at: Date): number | undefined {
  const [a, b] = cron(s).nextRuns(2, at);
  return a && b ? b.getTime() - a.getTime() : undefined;
}
