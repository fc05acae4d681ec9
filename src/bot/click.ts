import type { BlockAction, BlockElementAction } from '@slack/bolt';
import { versionOfBlockId, versionOfHomeBlockId } from './views/action-ids.js';

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
  /** The click's trigger_id: opens the Reject dialog. */
  triggerId?: string;
  /** Set when the Reject dialog was submitted ('' = no reason given). */
  reason?: string;
};

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
    triggerId: typeof body.trigger_id === 'string' ? body.trigger_id : undefined,
  };
}
