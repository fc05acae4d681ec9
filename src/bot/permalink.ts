import type { WebClient } from '@slack/web-api';
import type { MessageRef } from '../approvals/types.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { slackCall } from './slack-call.js';

const KEEP = 1000;

/** chat.getPermalink for request cards, remembered (a card's link never changes), bounded. */
export function createPermalinks(deps: { client: WebClient; logger: Logger; metrics: Metrics }) {
  const known = new Map<string, string>();
  return async function permalink(card: MessageRef): Promise<string | undefined> {
    const key = `${card.channel}/${card.ts}`;
    const hit = known.get(key);
    if (hit) return hit;
    const res = await slackCall(deps, 'chat.getPermalink', () =>
      deps.client.chat.getPermalink({ channel: card.channel, message_ts: card.ts }),
    );
    const link = res?.permalink;
    if (!link || !/^https:\/\/[^\s<>|]+$/.test(link)) return undefined;
    known.set(key, link);
    if (known.size > KEEP) {
      const oldest = known.keys().next().value;
      if (oldest !== undefined) known.delete(oldest);
    }
    return link;
  };
}

export type Permalinks = ReturnType<typeof createPermalinks>;
