// Time is a port: code asks the Clock, never Date.now() directly, so replays and tests control it.
export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
}

export const wallClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to (tests, replays). */
export class ManualClock implements Clock {
  constructor(private t: number) {}
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}
