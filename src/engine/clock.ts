// Time is a port: code asks the Clock, never Date.now() directly, so replays and tests control it
// (tests use tests/support/manual-clock.ts).
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
}

export const wallClock: Clock = { now: () => Date.now() };
