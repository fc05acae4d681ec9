import { type ApiHandler, fail } from './api-context.js';
import { str } from './wire.js';

const authTest: ApiHandler = (_args, { config }) => ({
  ok: true,
  url: `https://${config.teamDomain}.slack.com/`,
  team: config.teamDomain,
  user: 'stopbot',
  team_id: config.teamId,
  user_id: config.botUserId,
  bot_id: config.botId,
  is_enterprise_install: false,
});

const usergroupUsers: ApiHandler = (args, { config }) => {
  const users = config.userGroups[str(args, 'usergroup') ?? ''];
  return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
};

const usersInfo: ApiHandler = (args, { config }) => {
  const id = str(args, 'user') ?? '';
  const known = config.users[id];
  if (!known && !/^[UW][A-Z0-9]+$/.test(id)) return fail('user_not_found');
  const name = known?.name ?? id.toLowerCase();
  const realName = known?.realName ?? name;
  return {
    ok: true,
    user: {
      id,
      team_id: config.teamId,
      name,
      deleted: known?.deleted ?? false,
      real_name: realName,
      tz: known?.tz ?? 'UTC',
      tz_label: 'Coordinated Universal Time',
      tz_offset: 0,
      is_admin: false,
      is_owner: false,
      is_bot: known?.isBot ?? false,
      is_restricted: false,
      is_ultra_restricted: false,
      profile: { display_name: name, real_name: realName },
    },
  };
};

const conversationsInfo: ApiHandler = (args, { config }) => {
  const id = str(args, 'channel') ?? '';
  const known = config.channels?.[id];
  if (config.channels && !known) return fail('channel_not_found');
  if (!/^[CGD][A-Z0-9]+$/.test(id)) return fail('channel_not_found');
  const isPrivate = known?.isPrivate ?? id.startsWith('G');
  return {
    ok: true,
    channel: {
      id,
      name: known?.name ?? id.toLowerCase(),
      is_channel: !isPrivate,
      is_group: isPrivate,
      is_private: isPrivate,
      is_archived: known?.isArchived ?? false,
      is_member: known?.isMember ?? true,
      created: 1_600_000_000,
    },
  };
};

/** Socket Mode: hands out a one-time WebSocket URL on this same server. */
const connectionsOpen: ApiHandler = (_args, ctx) => ({ ok: true, url: ctx.issueSocketUrl() });

export const miscMethods: Record<string, ApiHandler> = {
  'auth.test': authTest,
  'usergroups.users.list': usergroupUsers,
  'users.info': usersInfo,
  'conversations.info': conversationsInfo,
  'apps.connections.open': connectionsOpen,
};

/** Methods that need the app-level token (xapp-…); every other method needs the bot token. */
export const APP_TOKEN_METHODS = new Set(['apps.connections.open']);
