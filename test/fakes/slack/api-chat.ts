import { type ApiContext, type ApiHandler, channelError, fail, readBlocks } from './api-context.js';
import type { Obj, ResolvedConfig, SlackMessage } from './types.js';
import { bool, str } from './wire.js';

const POST_TEXT_MAX = 40_000;
const UPDATE_TEXT_MAX = 4_000;

/** The `message` object Slack returns and puts into payloads (`blocks` may be an older version a client still shows). */
export function wireMessage(m: SlackMessage, config: ResolvedConfig, blocks = m.blocks): Obj {
  return {
    type: 'message',
    ...(m.botId ? { subtype: 'bot_message', bot_id: m.botId, app_id: config.apiAppId } : {}),
    text: m.text,
    user: m.user,
    ts: m.ts,
    team: config.teamId,
    blocks,
    ...(m.threadTs ? { thread_ts: m.threadTs } : {}),
    ...(m.replyCount > 0 ? { reply_count: m.replyCount } : {}),
  };
}

const postMessage: ApiHandler = (args, ctx) => {
  const channel = str(args, 'channel');
  const badChannel = channelError(channel, ctx);
  if (badChannel || !channel) return badChannel ?? fail('channel_not_found');
  const parsed = readBlocks(args);
  if ('error' in parsed) return parsed.error;
  const text = str(args, 'text') ?? '';
  if (text.length === 0 && !parsed.blocks?.length && args.attachments === undefined) return fail('no_text');
  if (text.length > POST_TEXT_MAX) return fail('msg_too_long');
  const threadTs = str(args, 'thread_ts') || undefined;
  if (threadTs !== undefined && !ctx.state.message(channel, threadTs)) {
    ctx.state.anomalies.push(`thread_ts ${threadTs} does not exist in ${channel}`);
  }
  const msg = ctx.state.post({
    channel,
    threadTs,
    user: ctx.config.botUserId,
    botId: ctx.config.botId,
    text,
    blocks: parsed.blocks ?? [],
    replyBroadcast: bool(args, 'reply_broadcast'),
    by: 'chat.postMessage',
  });
  return { ok: true, channel, ts: msg.ts, message: wireMessage(msg, ctx.config) };
};

/** The bot's own, existing message named by channel + ts, or the error Slack answers. */
function ownMessage(args: Obj, ctx: ApiContext, denied: string): { msg: SlackMessage } | { error: Obj } {
  const channel = str(args, 'channel');
  const badChannel = channelError(channel, ctx);
  if (badChannel) return { error: badChannel };
  const msg = ctx.state.message(channel ?? '', str(args, 'ts') ?? '');
  if (!msg || msg.deleted) return { error: fail('message_not_found') };
  if (msg.botId !== ctx.config.botId) return { error: fail(denied) };
  return { msg };
}

const update: ApiHandler = (args, ctx) => {
  const found = ownMessage(args, ctx, 'cant_update_message');
  if ('error' in found) return found.error;
  const { msg } = found;
  const parsed = readBlocks(args);
  if ('error' in parsed) return parsed.error;
  const text = str(args, 'text');
  if (text !== undefined && text.length > UPDATE_TEXT_MAX) return fail('msg_too_long');
  if (!text && parsed.blocks === undefined && args.attachments === undefined) return fail('no_text');
  ctx.state.edit(msg, text, parsed.blocks, 'chat.update');
  return {
    ok: true,
    channel: msg.channel,
    ts: msg.ts,
    text: msg.text,
    message: wireMessage(msg, ctx.config),
  };
};

const remove: ApiHandler = (args, ctx) => {
  const found = ownMessage(args, ctx, 'cant_delete_message');
  if ('error' in found) return found.error;
  const { msg } = found;
  ctx.state.remove(msg);
  return { ok: true, channel: msg.channel, ts: msg.ts };
};

const postEphemeral: ApiHandler = (args, ctx) => {
  const channel = str(args, 'channel');
  const badChannel = channelError(channel, ctx);
  if (badChannel) return badChannel;
  const user = str(args, 'user');
  if (!user) return fail('user_not_found');
  const parsed = readBlocks(args);
  if ('error' in parsed) return parsed.error;
  const text = str(args, 'text') ?? '';
  if (text.length === 0 && !parsed.blocks?.length && args.attachments === undefined) return fail('no_text');
  if (text.length > POST_TEXT_MAX) return fail('msg_too_long');
  ctx.state.addEphemeral({
    user,
    channel,
    text,
    blocks: parsed.blocks ?? [],
    threadTs: str(args, 'thread_ts') || undefined,
    source: 'chat.postEphemeral',
    responseUrlId: undefined,
    at: ctx.state.now(),
  });
  return { ok: true, message_ts: ctx.state.nextTs() };
};

const getPermalink: ApiHandler = (args, ctx) => {
  const channel = str(args, 'channel') ?? '';
  const msg = ctx.state.message(channel, str(args, 'message_ts') ?? '');
  if (!msg || msg.deleted) return fail('message_not_found');
  const base = `https://${ctx.config.teamDomain}.slack.com/archives/${channel}/p${msg.ts.replace('.', '')}`;
  const permalink = msg.threadTs ? `${base}?thread_ts=${msg.threadTs}&cid=${channel}` : base;
  return { ok: true, channel, permalink };
};

export const chatMethods: Record<string, ApiHandler> = {
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
};
