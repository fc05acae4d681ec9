import { wireMessage } from './api-chat.js';
import {
  elementsOf,
  type Located,
  locateInMessage,
  optionsOf,
  STATEFUL_TYPES,
  stateEntry,
} from './find-element.js';
import type { Obj } from './types.js';
import { isObj, str } from './wire.js';
import { channelName, DEFAULT_CHANNEL, type SlackWorld, triggerId, userName } from './world.js';

export interface ClickOptions {
  actionId: string;
  /** Button: overrides the element's value. Radio/select/overflow: the option value chosen (checkboxes: comma list). */
  value?: string;
  messageTs: string;
  channelId?: string;
  blockId?: string;
  /** Merged over the computed state.values (block_id → action_id → entry). */
  stateValues?: Obj;
  /** Reuse an action_ts (to model a duplicate delivery of the same click). */
  actionTs?: string;
  triggerId?: string;
}

export interface BuiltClick {
  payload: Obj;
  responseUrlId: string;
}

function selectedOptions(element: Obj, value: string | undefined): Obj[] {
  if (value === undefined) throw new Error(`click on ${String(element.type)} needs the option value`);
  const wanted = element.type === 'checkboxes' ? value.split(',').filter(Boolean) : [value];
  const options = optionsOf(element);
  return wanted.map((v) => {
    const option = options.find((o) => o.value === v);
    if (!option) throw new Error(`no option ${v} in ${String(element.action_id)}`);
    return option;
  });
}

function buildAction(found: Located, value: string | undefined, actionTs: string): Obj {
  const el = found.element;
  const type = str(el, 'type') ?? '';
  const base = { type, action_id: el.action_id, block_id: found.blockId, action_ts: actionTs };
  if (type === 'button') {
    return { ...base, text: el.text, value: value ?? el.value, ...(el.style ? { style: el.style } : {}) };
  }
  if (type === 'checkboxes') return { ...base, selected_options: selectedOptions(el, value) };
  if (STATEFUL_TYPES.has(type) || type === 'overflow') {
    return { ...base, selected_option: selectedOptions(el, value)[0] };
  }
  throw new Error(`the fake cannot click a ${type}`);
}

/** state.values as the clicking user's client would send: their earlier choices per block_id, else initial options. */
function stateValues(world: SlackWorld, prefix: string, blocks: Obj[], overrides: Obj | undefined): Obj {
  const values: Record<string, Obj> = {};
  for (const block of blocks) {
    const blockId = str(block, 'block_id') ?? '';
    for (const el of elementsOf(block)) {
      const actionId = str(el, 'action_id');
      if (!actionId || !STATEFUL_TYPES.has(str(el, 'type') ?? '')) continue;
      const remembered = world.state.selections.get(`${prefix}|${blockId}|${actionId}`);
      values[blockId] = { ...values[blockId], [actionId]: remembered ?? stateEntry(el, undefined) };
    }
  }
  for (const [blockId, entries] of Object.entries(overrides ?? {})) {
    if (isObj(entries)) values[blockId] = { ...values[blockId], ...entries };
  }
  return values;
}

/** A block_actions payload shaped like Slack's, for a click by `userId` on a message the fake holds. */
export function buildBlockActions(world: SlackWorld, userId: string, click: ClickOptions): BuiltClick {
  const { config, state } = world;
  const channelId = click.channelId ?? DEFAULT_CHANNEL;
  const msg = state.message(channelId, click.messageTs);
  if (!msg || msg.deleted) throw new Error(`no message ${click.messageTs} in ${channelId} to click on`);
  const found = locateInMessage(msg, click.actionId, click.blockId);
  if (!found) throw new Error(`message ${click.messageTs} never had an element ${click.actionId}`);
  const action = buildAction(found, click.value, click.actionTs ?? state.nextTs());
  const prefix = `${channelId}|${msg.ts}|${userId}`;
  if (STATEFUL_TYPES.has(String(action.type))) {
    const picked = Array.isArray(action.selected_options) ? action.selected_options.filter(isObj) : undefined;
    const selected = picked ?? (isObj(action.selected_option) ? [action.selected_option] : undefined);
    state.selections.set(`${prefix}|${found.blockId}|${click.actionId}`, stateEntry(found.element, selected));
  }
  const response = world.newResponseUrl('act', { userId, channelId, messageTs: msg.ts });
  const payload: Obj = {
    type: 'block_actions',
    user: {
      id: userId,
      username: userName(world, userId),
      name: userName(world, userId),
      team_id: config.teamId,
    },
    api_app_id: config.apiAppId,
    token: config.verificationToken,
    container: {
      type: 'message',
      message_ts: msg.ts,
      channel_id: channelId,
      is_ephemeral: false,
      ...(msg.threadTs ? { thread_ts: msg.threadTs } : {}),
    },
    trigger_id: click.triggerId ?? triggerId(world),
    team: { id: config.teamId, domain: config.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channelId, name: channelName(world, channelId) },
    message: wireMessage(msg, config, found.blocks),
    state: { values: stateValues(world, prefix, found.blocks, click.stateValues) },
    response_url: response.url,
    actions: [action],
  };
  return { payload, responseUrlId: response.id };
}
