import type { WebClient } from '@slack/web-api';
import type { GroupDirectory } from '../approvals/policy.js';

/**
 * User-group members from Slack's usergroups.users.list (Tier 2), cached for
 * a short while. A failed lookup throws: the policy then denies (fail closed).
 */
export function createSlackGroupDirectory(
  client: WebClient,
  ttlMs: number,
  now: () => number,
): GroupDirectory {
  const cache = new Map<string, { members: ReadonlySet<string>; until: number }>();
  return {
    async members(groupId) {
      const hit = cache.get(groupId);
      if (hit && hit.until > now()) return hit.members;
      const res = await client.usergroups.users.list({ usergroup: groupId });
      const members: ReadonlySet<string> = new Set(res.users ?? []);
      if (ttlMs > 0) cache.set(groupId, { members, until: now() + ttlMs });
      return members;
    },
  };
}
