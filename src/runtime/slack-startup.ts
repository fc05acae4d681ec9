import type { App } from '@slack/bolt';
import { appTokenRefusal, botTokenRefusal } from '../bot/slack-tokens.js';
import { describeError } from '../errors.js';
import type { Logger } from '../observability/logger.js';

/**
 * Before anything listens: does Slack take the bot token? A refusal stops
 * startup as a config error naming SLACK_BOT_TOKEN. Slack slow or down is only
 * a warning (the bot starts; /readyz shows slack unavailable).
 */
export async function checkBotToken(app: App, logger: Logger, waitMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    app.client.auth.test().then(
      () => undefined,
      (err: unknown) => err,
    ),
    new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), waitMs);
    }),
  ]);
  clearTimeout(timer);
  if (outcome === undefined) return;
  const refusal = botTokenRefusal(outcome);
  if (refusal) throw refusal;
  logger.warn(
    { err: outcome === 'timeout' ? `no answer in ${waitMs} ms` : describeError(outcome) },
    'Slack did not answer auth.test at startup; starting anyway',
  );
}

/** Socket Mode: open the connection; a refused app-level token is a config error naming SLACK_APP_TOKEN. */
export async function startSocketMode(app: App): Promise<void> {
  try {
    await app.start();
  } catch (err) {
    throw appTokenRefusal(err) ?? err;
  }
}
