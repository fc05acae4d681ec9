import type { BucketRule } from './budget.js';

/**
 * What a person must see (card, decision, summary, failure, incident notice)
 * is `must`: it waits for its slot and is retried after a 429. Progress is
 * `may`: it never waits; it goes only while the bucket has burst to spare
 * (less of it than `must` may use), and is skipped otherwise: the next
 * progress edit, or the summary, says the same a little later.
 */
export type Priority = 'must' | 'may';

/**
 * Slack's documented limits (SLACK.md), each with a margin so a slot is never
 * early: chat.postMessage 1 a second per channel, a burst of 2 (Slack allows
 * "occasional bursts"; its own is larger).
 */
export const POST_PER_CHANNEL: BucketRule = { intervalMs: 1_050, toleranceMs: 1_050 };
/** chat.update is Tier 3 (50/min per workspace): 1.25 s a call, a burst of up to 8 for what must be seen. */
export const UPDATE_TIER3: BucketRule = { intervalMs: 1_250, toleranceMs: 7 * 1_250 };

export type PacedMethod = 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral';

/** chat.postEphemeral is Tier 4 (100/min per workspace); rarely used, kept well inside it. */
export const EPHEMERAL_TIER4: BucketRule = { intervalMs: 650, toleranceMs: 10 * 650 };

/** The bucket a call spends from, and the rule it keeps for that priority. */
export function bucketFor(
  method: PacedMethod,
  channel: string,
  priority: Priority,
): { bucket: string; rule: BucketRule } {
  if (method === 'chat.postMessage') return { bucket: `post:${channel}`, rule: POST_PER_CHANNEL };
  if (method === 'chat.postEphemeral') return { bucket: 'ephemeral', rule: EPHEMERAL_TIER4 };
  // Progress edits use at most half the burst: the rest is kept for the edits people must see.
  return {
    bucket: 'update',
    rule: priority === 'must' ? UPDATE_TIER3 : { ...UPDATE_TIER3, toleranceMs: UPDATE_TIER3.toleranceMs / 2 },
  };
}
