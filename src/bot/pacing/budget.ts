/**
 * One Slack budget for every replica: a reservation per call against a bucket
 * (a channel's chat.postMessage, a method's tier). The bot owns this interface;
 * the runtime passes in the implementation (Redis when configured, so all
 * replicas share it; memory otherwise).
 *
 * A bucket is a token bucket kept as its "theoretical arrival time" (GCRA):
 * a call may go at max(now, tat − tolerance) and moves tat on by one interval.
 * Reserving the slot before the call means the rate is never exceeded, rather
 * than recovered from after a 429.
 */
export interface BucketRule {
  /** The time one call uses up: 60 000 / calls per minute (plus a margin). */
  intervalMs: number;
  /** How far ahead of the steady rate a call may go (burst − 1 intervals); 0 for none. */
  toleranceMs: number;
}

export interface SlackBudget {
  /**
   * Reserve a slot in `bucket`. Returns how long to wait before making the call,
   * or undefined when no slot is free within `maxWaitMs` (nothing is reserved).
   */
  reserve(bucket: string, rule: BucketRule, maxWaitMs: number): Promise<number | undefined>;
  /** Slack said Retry-After: no slot in `bucket` for the next `forMs` (for every replica). */
  pause(bucket: string, rule: BucketRule, forMs: number): Promise<void>;
}

/** The budget of one process (no Redis): the same arithmetic on a Map. */
export function createMemoryBudget(now: () => number): SlackBudget {
  const tats = new Map<string, number>();
  return {
    async reserve(bucket, rule, maxWaitMs) {
      const t = now();
      const tat = Math.max(tats.get(bucket) ?? t, t);
      const wait = Math.max(0, tat - rule.toleranceMs - t);
      if (wait > maxWaitMs) return undefined;
      tats.set(bucket, tat + rule.intervalMs);
      return wait;
    },
    async pause(bucket, rule, forMs) {
      tats.set(bucket, Math.max(tats.get(bucket) ?? 0, now() + forMs + rule.toleranceMs));
    },
  };
}
