import type { KnownBlock } from '@slack/types';
import type { StopRequest } from '../../approvals/types.js';

/**
 * What a freshly posted card turns into when the request could not be tied to
 * it (the state store went away in between): no buttons, and it says so.
 */
export function unrecordedCard(request: StopRequest): { text: string; blocks: KnownBlock[] } {
  const text = `Stop request ${request.id} was not recorded; nothing will be stopped`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `⚠️ *Stop request ${request.id} could not be recorded* because my state store was not reachable, so it cannot be approved and nothing will be stopped. <@${request.requester}>, please run \`/stop\` again.`,
      },
    },
  ];
  return { text, blocks };
}
