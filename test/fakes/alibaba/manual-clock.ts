import type { Clock } from '../../../src/lib/clock.js';

/** A clock for tests: time moves only when someone sleeps (or `advance` is called). */
export class ManualClock implements Clock {
  constructor(private t = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.t;
  }

  async sleep(ms: number): Promise<void> {
    this.t += Math.max(0, ms);
    await Promise.resolve();
  }

  advance(ms: number): void {
    this.t += ms;
  }
}
