/** the clock and the waits of a command that polls IBM; tests pass their own, so nothing waits on wall time */
export interface Waiting {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const SYSTEM_WAITING: Waiting = { now: () => Date.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
