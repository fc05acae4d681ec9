import type { SlackState } from './state.js';
import type { ResolvedConfig, ResponseUrlContext } from './types.js';

/** What payload builders need from the fake: its settings, its model, and fresh response_urls. */
export interface SlackWorld {
  readonly config: ResolvedConfig;
  readonly state: SlackState;
  /** A new response_url bound to `ctx` (who it answers, and for clicks the message it may replace). */
  newResponseUrl(prefix: string, ctx: ResponseUrlContext): { id: string; url: string };
}

export const DEFAULT_CHANNEL = 'C0OPS';

export function userName(world: SlackWorld, userId: string): string {
  return world.config.users[userId]?.name ?? userId.toLowerCase();
}

export function channelName(world: SlackWorld, channelId: string): string {
  return world.config.channels?.[channelId]?.name ?? channelId.toLowerCase();
}

/** Slack-looking trigger id: '<seconds>.<digits>.<32 hex>'. */
export function triggerId(world: SlackWorld): string {
  const sec = Math.floor(world.state.now() / 1000);
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const id = `${sec}.${Math.floor(Math.random() * 1e12)}.${hex}`;
  world.state.triggers.set(id, { at: world.state.now(), used: false });
  return id;
}
