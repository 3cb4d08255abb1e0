/** A clock the test advances by hand; sleepers wake in time order, as with real timers. */
import type { Clock } from "../../../src/serve/clock.js";

export class FakeClock implements Clock {
  private t: number;
  private sleepers: { at: number; wake: () => void }[] = [];
  constructor(start: Date) {
    this.t = start.getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const s = { at: this.t + Math.max(ms, 0), wake: resolve };
      this.sleepers.push(s);
      signal?.addEventListener("abort", () => {
        this.sleepers = this.sleepers.filter((x) => x !== s);
        resolve();
      }, { once: true });
    });
  }
  /** Moves time forward to `to`, waking each sleeper at its own time and letting promises settle. */
  async advanceTo(to: Date): Promise<void> {
    for (;;) {
      await settle();
      const due = this.sleepers.filter((s) => s.at <= to.getTime()).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.sleepers = this.sleepers.filter((s) => s !== due);
      this.t = Math.max(this.t, due.at);
      due.wake();
    }
    this.t = Math.max(this.t, to.getTime());
    await settle();
  }
  async advance(ms: number): Promise<void> {
    await this.advanceTo(new Date(this.t + ms));
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
}
