/**
 * After downtime, which scheduled tick was missed. A tick is missed when the last run of the
 * workflow that was not cancelled started before the most recent fire time; then it runs once at
 * start-up (however many ticks were missed), and only if the workflow asks for it (`catchUp`).
 */
import { previousFire, type CronSpec } from "./cron-times.js";

export interface CatchUpInput extends CronSpec {
  readonly catchUp: boolean;
  /** start of the last run that was not cancelled, from the run log; undefined: never ran */
  readonly lastStartedAt: Date | undefined;
  readonly now: Date;
}

/** The missed fire time to run once now, or undefined. */
export function missedTick(i: CatchUpInput): Date | undefined {
  if (!i.catchUp) return undefined;
  const prev = previousFire(i, i.now);
  if (!prev) return undefined;
  return i.lastStartedAt === undefined || i.lastStartedAt.getTime() < prev.getTime() ? prev : undefined;
}
