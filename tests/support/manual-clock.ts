// A clock that only moves when told to: tests set the time the code under test reads through the Clock port.
import type { Clock } from '../../src/engine/clock.ts';

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
