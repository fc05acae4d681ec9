import { channelName, DEFAULT_CHANNEL, type SlackWorld, triggerId, userName } from './world.js';

export interface CommandOptions {
  channelId?: string;
  triggerId?: string;
  /** Default '/stop'. */
  command?: string;
}

export interface BuiltCommand {
  /** Exactly the fields Slack sends for a slash command (all strings). */
  fields: Record<string, string>;
  responseUrlId: string;
}

/** The slash command fields Slack sends (form-encoded over HTTP, a JSON object in Socket Mode). */
export function buildSlashCommand(
  world: SlackWorld,
  userId: string,
  text: string,
  opts: CommandOptions = {},
): BuiltCommand {
  const { config } = world;
  const channelId = opts.channelId ?? DEFAULT_CHANNEL;
  const response = world.newResponseUrl('cmd', { userId, channelId });
  const fields: Record<string, string> = {
    token: config.verificationToken,
    team_id: config.teamId,
    team_domain: config.teamDomain,
    channel_id: channelId,
    channel_name: channelName(world, channelId),
    user_id: userId,
    user_name: userName(world, userId),
    command: opts.command ?? '/stop',
    text,
    api_app_id: config.apiAppId,
    is_enterprise_install: 'false',
    response_url: response.url,
    trigger_id: opts.triggerId ?? triggerId(world),
  };
  return { fields, responseUrlId: response.id };
}
