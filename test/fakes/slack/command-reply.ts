import type { Obj } from './types.js';
import { argBlocks, str } from './wire.js';
import type { SlackWorld } from './world.js';

/**
 * A slash command's immediate reply (the HTTP response body, or the Socket Mode ack payload) as Slack shows it:
 * an ephemeral to the caller, or a channel message with response_type 'in_channel'. Empty bodies show nothing.
 */
export function recordCommandReply(world: SlackWorld, userId: string, channelId: string, body: Obj): void {
  const text = str(body, 'text') ?? '';
  const parsed = argBlocks(body);
  const blocks = parsed === 'bad' || parsed === undefined ? [] : parsed;
  if (text.length === 0 && blocks.length === 0) return;
  const { state, config } = world;
  if (str(body, 'response_type') === 'in_channel') {
    state.post({
      channel: channelId,
      threadTs: undefined,
      user: config.botUserId,
      botId: config.botId,
      text,
      blocks,
      replyBroadcast: false,
      by: 'ack',
    });
    return;
  }
  state.addEphemeral({
    user: userId,
    channel: channelId,
    text,
    blocks,
    threadTs: undefined,
    source: 'ack',
    responseUrlId: undefined,
    at: state.now(),
  });
}
