import { ConfigError } from '../errors.js';

/** Slack's answers that mean "this token is not accepted", as opposed to Slack being slow or down. */
const REFUSED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

/** The Slack error code of a Web API platform error, when it is one. */
function slackCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** A refused bot token is a config error naming SLACK_BOT_TOKEN; anything else is returned, not thrown. */
export function botTokenRefusal(err: unknown): ConfigError | undefined {
  const code = slackCode(err);
  if (!code || !REFUSED.has(code)) return undefined;
  return new ConfigError(
    'SLACK_BOT_TOKEN',
    `was refused by Slack (${code}); copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions in the Slack app, and reinstall the app if the token was revoked`,
  );
}

/** A refused app-level token (Socket Mode) is a config error naming SLACK_APP_TOKEN. */
export function appTokenRefusal(err: unknown): ConfigError | undefined {
  const code = slackCode(err);
  if (!code || !REFUSED.has(code)) return undefined;
  return new ConfigError(
    'SLACK_APP_TOKEN',
    `was refused by Slack (${code}); create an app-level token (xapp-…) with the connections:write scope under Basic Information in the Slack app, or leave SLACK_APP_TOKEN unset for HTTP mode`,
  );
}
