import type { TierLimit } from './types.js';

/**
 * Slack's documented tiers (SLACK.md §3) as token buckets: `burst` calls at once, refilled at `perMinute`.
 * Burst sizes are this fake's choice; Slack only says "occasional bursts are allowed".
 */
export const SLACK_TIERS: Record<string, TierLimit> = {
  'chat.postMessage': { perMinute: 60, burst: 3, per: 'channel' },
  'chat.update': { perMinute: 50, burst: 15, per: 'method' },
  'chat.delete': { perMinute: 50, burst: 15, per: 'method' },
  'chat.postEphemeral': { perMinute: 100, burst: 25, per: 'method' },
  'chat.getPermalink': { perMinute: 100, burst: 25, per: 'method' },
  'usergroups.users.list': { perMinute: 20, burst: 5, per: 'method' },
  'users.info': { perMinute: 100, burst: 25, per: 'method' },
  'conversations.info': { perMinute: 50, burst: 15, per: 'method' },
};

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private tiers: Record<string, TierLimit> | undefined;

  constructor(
    setting: boolean | Record<string, TierLimit> | undefined,
    private readonly now: () => number,
  ) {
    this.tiers = undefined;
    this.configure(setting ?? false);
  }

  configure(setting: boolean | Record<string, TierLimit>): void {
    this.refill();
    if (setting === false) this.tiers = undefined;
    else this.tiers = setting === true ? SLACK_TIERS : { ...SLACK_TIERS, ...setting };
  }

  /** Full buckets again (keeps the configured tiers). */
  refill(): void {
    this.buckets.clear();
  }

  get enabled(): boolean {
    return this.tiers !== undefined;
  }

  /** Takes one token; returns the Retry-After seconds when the call is over the limit. */
  take(method: string, channel: string | undefined): number | undefined {
    const tier = this.tiers?.[method];
    if (!tier) return undefined;
    const key = tier.per === 'channel' ? `${method}|${channel ?? ''}` : method;
    const now = this.now();
    const perMs = tier.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: tier.burst, at: now };
    bucket.tokens = Math.min(tier.burst, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
  }
}
