import { randomBytes } from 'node:crypto';
import type { Obj } from './types.js';
import { isObj } from './wire.js';
import { type SlackWorld, triggerId, userName } from './world.js';

/** Payloads Slack sends from views (modals and the App Home), shaped like Slack's own. */

function viewObj(world: SlackWorld, viewId: string, values: Obj): Obj {
  const v = world.state.views.get(viewId) ?? [...world.state.homes.values()].find((h) => h.id === viewId);
  if (!v) throw new Error(`the fake has no view ${viewId}`);
  return {
    ...v.view,
    id: v.id,
    hash: v.hash,
    team_id: world.config.teamId,
    app_id: world.config.apiAppId,
    bot_id: world.config.botId,
    state: { values },
  };
}

const user = (world: SlackWorld, id: string) => ({
  id,
  username: userName(world, id),
  name: userName(world, id),
  team_id: world.config.teamId,
});

const common = (world: SlackWorld) => ({
  api_app_id: world.config.apiAppId,
  token: world.config.verificationToken,
  team: { id: world.config.teamId, domain: world.config.teamDomain },
  enterprise: null,
  is_enterprise_install: false,
});

/** A view_submission of the modal `viewId` with these state.values. */
export function buildViewSubmission(world: SlackWorld, userId: string, viewId: string, values: Obj): Obj {
  return {
    type: 'view_submission',
    ...common(world),
    user: user(world, userId),
    trigger_id: triggerId(world),
    view: viewObj(world, viewId, values),
    response_urls: [],
  };
}

/** A block_suggestion: the user typed `value` into external select `actionId` of modal `viewId`. */
export function buildBlockSuggestion(
  world: SlackWorld,
  userId: string,
  viewId: string,
  actionId: string,
  value: string,
  values: Obj,
): Obj {
  const view = viewObj(world, viewId, values);
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isObj) : [];
  const block = blocks.find((b) => isObj(b.element) && b.element.action_id === actionId);
  return {
    type: 'block_suggestion',
    ...common(world),
    user: user(world, userId),
    container: { type: 'view', view_id: viewId },
    action_id: actionId,
    block_id: block?.block_id ?? '',
    value,
    view,
  };
}

/** block_actions from a view: a select with dispatch_action in a modal, or a button in the App Home. */
export function buildViewAction(
  world: SlackWorld,
  userId: string,
  viewId: string,
  action: { actionId: string; blockId: string; type: 'static_select' | 'button'; value: string },
  values: Obj = {},
): Obj {
  const view = viewObj(world, viewId, values);
  const base = {
    action_id: action.actionId,
    block_id: action.blockId,
    type: action.type,
    action_ts: world.state.nextTs(),
  };
  const acted =
    action.type === 'button'
      ? { ...base, value: action.value, text: { type: 'plain_text', text: action.actionId } }
      : {
          ...base,
          selected_option: { text: { type: 'plain_text', text: action.value }, value: action.value },
        };
  return {
    type: 'block_actions',
    ...common(world),
    user: user(world, userId),
    container: { type: 'view', view_id: viewId },
    trigger_id: triggerId(world),
    view,
    actions: [acted],
  };
}

/** The Events API envelope for app_home_opened (JSON, not form-encoded). */
export function buildAppHomeOpened(
  world: SlackWorld,
  userId: string,
  tab: 'home' | 'messages' = 'home',
): Obj {
  return {
    token: world.config.verificationToken,
    team_id: world.config.teamId,
    api_app_id: world.config.apiAppId,
    type: 'event_callback',
    event_id: `Ev${randomBytes(5).toString('hex').toUpperCase()}`,
    event_time: Math.floor(world.state.now() / 1000),
    event: {
      type: 'app_home_opened',
      user: userId,
      channel: `D${randomBytes(4).toString('hex').toUpperCase()}`,
      tab,
      event_ts: world.state.nextTs(),
    },
    authorizations: [{ team_id: world.config.teamId, user_id: world.config.botUserId, is_bot: true }],
  };
}
