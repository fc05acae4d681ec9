import type { Clock } from '../../../src/lib/clock.js';

/** The fake gateway's per-account limit: at most `limit` calls in any `windowMs`. */
export class RateWindow {
  private readonly seen = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Counts the call and returns true, or returns false when the account is over its limit. */
  take(account: string): boolean {
    const now = this.clock.now();
    const since = now - this.windowMs;
    const stamps = (this.seen.get(account) ?? []).filter((t) => t > since);
    this.seen.set(account, stamps);
    if (stamps.length >= this.limit) return false;
    stamps.push(now);
    return true;
  }
}
