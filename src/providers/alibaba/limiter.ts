import type { Clock } from '../../lib/clock.js';
import type { Limiter } from '../types.js';

/**
 * SAE allows a fixed number of API calls a minute per account, all SAE APIs
 * together (spec §4). Every SAE call waits for a turn from a Limiter first:
 * this in-process one, or (with Redis) one shared by every replica.
 */
export type { Limiter };

export interface LimiterOptions {
  /** Calls allowed in any window. */
  limit: number;
  windowMs: number;
  clock: Clock;
}

/** The SAE window plus a margin for latency and clock differences with the gateway. */
export const SAE_WINDOW_MS = 61_000;

/**
 * A sliding window: a call may go when fewer than `limit` calls went in the last
 * `windowMs`. Keeps the last `limit` grant times in a ring, so each turn is O(1).
 */
export function createLimiter(options: LimiterOptions): Limiter {
  const { limit, windowMs, clock } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limiter limit must be a positive integer');
  const stamps: number[] = [];
  let oldest = 0;
  let queue: Promise<void> = Promise.resolve();

  const take = async (): Promise<void> => {
    for (;;) {
      const now = clock.now();
      if (stamps.length < limit) {
        stamps.push(now);
        return;
      }
      const wait = (stamps[oldest] ?? now) + windowMs - now;
      if (wait <= 0) {
        stamps[oldest] = now;
        oldest = (oldest + 1) % limit;
        return;
      }
      await clock.sleep(wait);
    }
  };

  return {
    acquire() {
      const turn = queue.then(take);
      // The caller receives `turn` (and any error in it); the queue itself moves on.
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

const perAccount = new Map<string, Limiter>();

/**
 * The one limiter of an account (keyed by access key ID, which is not a secret),
 * shared by every provider built for it in this process. The first caller's
 * options win; later callers get the same limiter.
 */
export function accountLimiter(accessKeyId: string, options: LimiterOptions): Limiter {
  const existing = perAccount.get(accessKeyId);
  if (existing) return existing;
  const limiter = createLimiter(options);
  perAccount.set(accessKeyId, limiter);
  return limiter;
}
