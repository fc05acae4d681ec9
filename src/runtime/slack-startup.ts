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

/**
 * Socket Mode: open the connection. A refused app-level token is a config error
 * naming SLACK_APP_TOKEN. Slack slow or down is not fatal: the bot starts (its jobs
 * keep tracking stops in flight, /readyz shows Slack unavailable) and the connection
 * is tried again in the background, waiting 1 s, 2 s, 4 s, … up to a minute between
 * tries, until it opens or the bot stops.
 */
export function socketModeStarter(
  app: Pick<App, 'start' | 'stop'>,
  logger: Logger,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms).unref()),
) {
  let stopped = false;
  let retrying: Promise<void> | undefined;
  let wake = () => {};
  const woken = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const tryOnce = async (): Promise<unknown> => {
    try {
      await app.start();
      return undefined;
    } catch (err) {
      const refusal = appTokenRefusal(err);
      if (refusal) throw refusal;
      return err;
    }
  };
  const retry = async (first: unknown) => {
    let err: unknown = first;
    for (let attempt = 1; !stopped && err !== undefined; attempt++) {
      const waitMs = Math.min(60_000, 1000 * 2 ** Math.min(attempt - 1, 6));
      logger.warn(
        { err: describeError(err), attempt, retryInMs: waitMs },
        'Slack Socket Mode did not connect; trying again',
      );
      await Promise.race([sleep(waitMs), woken]);
      if (stopped) return;
      try {
        err = await tryOnce();
      } catch (refused) {
        logger.error({ err: describeError(refused) }, 'Slack refused the app-level token (SLACK_APP_TOKEN)');
        return;
      }
    }
    if (!stopped) logger.info('Slack Socket Mode connected');
  };
  return {
    async start(): Promise<void> {
      const err = await tryOnce();
      if (err !== undefined) retrying = retry(err);
    },
    /** Stop trying (once a try in progress has ended) and close the connection. */
    async stop(): Promise<void> {
      stopped = true;
      wake();
      await retrying;
      await app.stop();
    },
  };
}
