/** Time, injected: the scheduler's tests drive a fake clock instead of waiting for real ticks. */
export interface Clock {
  now(): Date;
  /** Resolves after `ms`, or early (without throwing) once `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      // setTimeout holds at most 2^31-1 ms (~24.8 days); longer waits wake up and sleep again.
      const t = setTimeout(done, Math.min(Math.max(ms, 0), 2_147_483_647));
      function done() {
        clearTimeout(t);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    }),
};
