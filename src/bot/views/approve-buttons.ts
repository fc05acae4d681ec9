import type { KnownBlock } from '@slack/types';
import { ACTION_APPROVE, ACTION_REJECT } from './action-ids.js';
import { clip, plural } from './text.js';

/**
 * The Approve / Reject buttons of a waiting request, in the actions block `blockId`.
 * A HARD stop asks for confirmation first: it cuts power to `targets` machines.
 */
export function approveRejectActions(
  blockId: string,
  requestId: string,
  hard: boolean,
  targets: number,
): KnownBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      {
        type: 'button',
        action_id: ACTION_APPROVE,
        text: { type: 'plain_text', text: hard ? 'Approve HARD stop' : 'Approve' },
        style: hard ? 'danger' : 'primary',
        value: requestId,
        ...(hard
          ? {
              confirm: {
                title: { type: 'plain_text', text: 'Force power off?' },
                text: {
                  type: 'mrkdwn',
                  text: clip(
                    `HARD cuts power to ${plural(targets, 'machine')} without a clean shutdown. Unsaved data may be lost.`,
                    300,
                  ),
                },
                confirm: { type: 'plain_text', text: 'Force stop' },
                deny: { type: 'plain_text', text: 'Cancel' },
                style: 'danger',
              },
            }
          : {}),
      },
      {
        type: 'button',
        action_id: ACTION_REJECT,
        text: { type: 'plain_text', text: 'Reject' },
        value: requestId,
      },
    ],
  };
}
