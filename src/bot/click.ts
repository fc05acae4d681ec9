import type { BlockAction, BlockElementAction } from '@slack/bolt';
import type { RefusalReason, StopRequest } from '../approvals/types.js';
import { versionOfBlockId, versionOfHomeBlockId } from './views/action-ids.js';
import { slackDate } from './views/text.js';

/** A click on the card or in the App Home, as read from Slack's payload. */
export type Click = {
  user: string;
  requestId?: string;
  /** Where the clicked message sits: both are needed to tie the click to the card. */
  messageTs?: string;
  channel?: string;
  mode?: string;
  retry?: number;
  /** The request version shown on the card that was clicked. */
  seenVersion?: number;
  /** Clicked in the App Home (a view of ours, not a message): there is no card to tie it to. */
  fromHome?: boolean;
};

export function refusalText(reason: RefusalReason, request: StopRequest | undefined, action: string): string {
  const by = request?.decidedBy ? ` by <@${request.decidedBy}>` : '';
  switch (reason) {
    case 'already_decided':
      if (request?.state === 'expired') return 'This request was already expired. Nothing changed.';
      // A finished request was approved first: say so, not "already done".
      if (request?.state === 'done')
        return `This request was already approved${by} and has finished. Nothing changed.`;
      return `This request was already ${request?.state}${by}. Nothing changed.`;
    case 'expired':
      return `This request expired ${request ? slackDate(request.expiresAt) : ''}. Ask again with /stop if it is still needed.`;
    case 'self_approval':
      return 'You asked for this stop, so you cannot approve it yourself. Ask another approver.';
    case 'not_found':
      return 'I have no record of this request.';
    case 'stale':
      return 'The request changed since you saw it; look again at the card before you approve. Nothing changed.';
    default:
      return `You are not allowed to ${action} this request.`;
  }
}

export function readClick(body: BlockAction): Click {
  const action = body.actions[0] as BlockElementAction & {
    value?: string;
    selected_option?: { value?: string };
  };
  // Buttons carry the request ID as their value; the mode selector carries it in its block_id.
  const fromBlock = /^mode-(SR-[0-9A-Z]{10})-\d+$/.exec(action.block_id ?? '')?.[1];
  return {
    user: body.user.id,
    requestId: action.value ?? fromBlock,
    messageTs: body.container?.message_ts ?? body.message?.ts,
    channel: body.container?.channel_id ?? body.channel?.id,
    mode: action.selected_option?.value,
    seenVersion: versionOfBlockId(action.block_id) ?? versionOfHomeBlockId(action.block_id),
    fromHome: body.container?.type === 'view' && body.view?.type === 'home',
  };
}
