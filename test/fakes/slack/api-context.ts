import type { SlackState } from './state.js';
import type { Obj, ResolvedConfig } from './types.js';
import { validateMessageBlocks } from './validate-blocks.js';
import { argBlocks } from './wire.js';

export interface ApiContext {
  state: SlackState;
  config: ResolvedConfig;
  issueSocketUrl(): string;
}

/** A Web API method: arguments in, Slack JSON out (ok:false for platform errors). */
export type ApiHandler = (args: Obj, ctx: ApiContext) => Obj;

export function fail(error: string, extra: Obj = {}): Obj {
  return { ok: false, error, ...extra };
}

/** Slack's invalid_blocks answer, with the per-field messages Slack returns. */
export function invalidBlocks(errors: string[]): Obj {
  return fail('invalid_blocks', {
    errors,
    response_metadata: { messages: errors.map((e) => `[ERROR] ${e}`) },
  });
}

/** Parses and validates `blocks`; returns the blocks (or undefined when absent) or an error answer. */
export function readBlocks(args: Obj): { blocks: Obj[] | undefined } | { error: Obj } {
  const blocks = argBlocks(args);
  if (blocks === 'bad') return { error: fail('invalid_blocks_format') };
  if (blocks === undefined) return { blocks };
  const errors = validateMessageBlocks(blocks);
  return errors.length > 0 ? { error: invalidBlocks(errors) } : { blocks };
}

/** channel_not_found / not_in_channel / is_archived when channels are configured; anything goes otherwise. */
export function channelError(channel: string | undefined, ctx: ApiContext): Obj | undefined {
  if (!channel) return fail('channel_not_found');
  const channels = ctx.config.channels;
  if (!channels) return undefined;
  const c = channels[channel];
  if (!c) return fail('channel_not_found');
  if (c.isArchived) return fail('is_archived');
  if (c.isMember === false) return fail('not_in_channel');
  return undefined;
}
