import { randomBytes } from 'node:crypto';
import { type ApiContext, type ApiHandler, fail } from './api-context.js';
import type { FakeView, Obj } from './types.js';
import { isObj, safeJson, str } from './wire.js';

/** Slack: a trigger_id works once, within 3 seconds of the interaction that carried it. */
export const TRIGGER_TTL_MS = 3_000;
const MAX_BLOCKS = 100;
const TITLE_MAX = 24;
const METADATA_MAX = 3_000;

const newHash = () => `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString('hex')}`;
const newViewId = () => `V${randomBytes(5).toString('hex').toUpperCase()}`;

/** The `view` argument (JSON string in a form post, an object in JSON), checked like Slack does. */
function readView(args: Obj, type: 'modal' | 'home'): { view: Obj } | { error: Obj } {
  const raw = args.view;
  const view = typeof raw === 'string' ? safeJson(raw) : raw;
  if (!isObj(view)) return { error: fail('invalid_arguments') };
  const errors: string[] = [];
  if (view.type !== type) errors.push(`view type must be ${type}`);
  const blocks = view.blocks;
  if (!Array.isArray(blocks) || !blocks.every(isObj)) errors.push('blocks must be an array of objects');
  else if (blocks.length > MAX_BLOCKS) errors.push(`no more than ${MAX_BLOCKS} blocks`);
  if (type === 'modal') {
    const title = isObj(view.title) ? str(view.title, 'text') : undefined;
    if (!title || title.length > TITLE_MAX) errors.push(`title must be 1-${TITLE_MAX} characters`);
    const meta = str(view, 'private_metadata');
    if (meta && meta.length > METADATA_MAX) errors.push('private_metadata too long');
    if (Array.isArray(blocks) && blocks.some((b) => isObj(b) && b.type === 'input') && !isObj(view.submit))
      errors.push('a modal with input blocks needs submit');
  }
  if (Array.isArray(blocks)) {
    const ids = blocks
      .filter(isObj)
      .map((b) => str(b, 'block_id'))
      .filter((id) => id !== undefined);
    if (new Set(ids).size !== ids.length) errors.push('block_id values must be unique');
  }
  if (errors.length) return { error: fail('invalid_arguments', { response_metadata: { messages: errors } }) };
  return { view };
}

function record(ctx: ApiContext, v: FakeView, view: Obj, by: FakeView['history'][number]['by']): Obj {
  v.view = view;
  v.hash = newHash();
  v.history.push({ view, by, at: ctx.state.now() });
  ctx.state.views.set(v.id, v);
  return { ok: true, view: { ...view, id: v.id, hash: v.hash } };
}

const open: ApiHandler = (args, ctx) => {
  const trigger = str(args, 'trigger_id') ?? '';
  const known = ctx.state.triggers.get(trigger);
  if (!known) return fail('invalid_trigger_id');
  if (known.used) return fail('exchanged_trigger_id');
  if (ctx.state.now() - known.at > TRIGGER_TTL_MS) return fail('expired_trigger_id');
  const read = readView(args, 'modal');
  if ('error' in read) return read.error;
  known.used = true;
  const v: FakeView = { id: newViewId(), type: 'modal', user: '', hash: '', view: read.view, history: [] };
  return record(ctx, v, read.view, 'views.open');
};

const update: ApiHandler = (args, ctx) => {
  const v = ctx.state.views.get(str(args, 'view_id') ?? '');
  if (!v) return fail('not_found');
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== v.hash) return fail('hash_conflict');
  const read = readView(args, 'modal');
  if ('error' in read) return read.error;
  return record(ctx, v, read.view, 'views.update');
};

const publish: ApiHandler = (args, ctx) => {
  const user = str(args, 'user_id') ?? '';
  if (!/^[UW][A-Z0-9]+$/.test(user)) return fail('invalid_arguments');
  const read = readView(args, 'home');
  if ('error' in read) return read.error;
  const known = ctx.state.homes.get(user);
  const v: FakeView = known ?? {
    id: newViewId(),
    type: 'home',
    user,
    hash: '',
    view: read.view,
    history: [],
  };
  const answer = record(ctx, v, read.view, 'views.publish');
  ctx.state.views.delete(v.id);
  ctx.state.homes.set(user, v);
  return answer;
};

export const viewMethods: Record<string, ApiHandler> = {
  'views.open': open,
  'views.update': update,
  'views.publish': publish,
};
