import type { WebClient } from '@slack/web-api';
import type { GroupDirectory } from '../approvals/policy.js';

/**
 * User-group members from Slack's usergroups.users.list (Tier 2), cached for
 * a short while; a caller may ask for a fresher read (an approval asks for at
 * most a few seconds old). Concurrent reads of one group share one call. The
 * groups are the configured ones, so the cache is as small as the config. A
 * failed lookup throws: the policy then denies (fail closed). A 429 is waited
 * out for its Retry-After (twice at most) before that.
 */
export function createSlackGroupDirectory(
  client: WebClient,
  ttlMs: number,
  now: () => number,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): GroupDirectory {
  const cache = new Map<string, { members: ReadonlySet<string>; at: number }>();
  const inFlight = new Map<string, Promise<ReadonlySet<string>>>();
  const listHonouringRetryAfter = async <T>(fn: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const e = err as { code?: string; retryAfter?: number };
        if (e.code !== 'slack_webapi_rate_limited_error' || attempt > 2) throw err;
        await sleep(Math.max(1, e.retryAfter ?? 1) * 1000);
      }
    }
  };
  const read = (groupId: string) => {
    const running = inFlight.get(groupId);
    if (running) return running;
    const started = now();
    const call = (async () => {
      try {
        const res = await listHonouringRetryAfter(() => client.usergroups.users.list({ usergroup: groupId }));
        const members: ReadonlySet<string> = new Set(res.users ?? []);
        if (ttlMs > 0) cache.set(groupId, { members, at: started });
        return members;
      } finally {
        inFlight.delete(groupId);
      }
    })();
    inFlight.set(groupId, call);
    return call;
  };
  return {
    async members(groupId, maxAgeMs = ttlMs) {
      const hit = cache.get(groupId);
      if (hit && now() - hit.at < Math.min(ttlMs, maxAgeMs)) return hit.members;
      return read(groupId);
    },
  };
}
