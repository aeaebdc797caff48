// A clock that runs `speed` times faster than the wall clock from when it is made: waits counted on it (a chat's gap
// between two messages) pass that much sooner, for tests whose subject is not the wait itself.
import type { Clock } from '../../src/engine/clock.ts';

export class FastClock implements Clock {
  private readonly start = Date.now();
  constructor(private readonly speed: number) {}
  now(): number {
    return this.start + (Date.now() - this.start) * this.speed;
  }
}
