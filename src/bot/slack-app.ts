import { App } from '@slack/bolt';
import { WebClientEvent, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { boltLogger } from './bolt-logger.js';
import { StopbotReceiver } from './http/receiver.js';
import { createSlackFetch } from './slack-fetch.js';

export interface SlackAppOptions {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl: string;
  timeoutMs: number;
  retries: number;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
}

/**
 * The Bolt app: HTTP mode through our own receiver (signature and shape
 * checked before Bolt), or Socket Mode when an app-level token is given.
 * The Web API client gets a timeout and a short retry policy.
 */
export function createSlackApp(options: SlackAppOptions): {
  app: App;
  receiver?: StopbotReceiver;
  /** Closes the Web API client's connections. */
  close(): Promise<void>;
} {
  const fetch = createSlackFetch({ timeoutMs: options.timeoutMs > 0 ? options.timeoutMs : 30_000 });
  const clientOptions: WebClientOptions = {
    fetch,
    slackApiUrl: options.apiUrl,
    timeout: options.timeoutMs,
    // A 429 comes back to the posting layer (bot/pacing), which pauses the bucket for every replica.
    rejectRateLimitedCalls: true,
    retryConfig: {
      retries: options.retries,
      factor: 2,
      minTimeout: 300,
      maxTimeout: 10_000,
      randomize: true,
    },
  };
  const logger = boltLogger(options.logger);
  let app: App;
  let receiver: StopbotReceiver | undefined;
  if (options.appToken) {
    app = new App({
      token: options.botToken,
      appToken: options.appToken,
      socketMode: true,
      clientOptions,
      logger,
      deferInitialization: true,
    });
  } else {
    receiver = new StopbotReceiver({
      signingSecret: options.signingSecret ?? '',
      logger: options.logger,
      now: options.now,
    });
    app = new App({ token: options.botToken, receiver, clientOptions, logger, deferInitialization: true });
  }
  app.client.on(WebClientEvent.RATE_LIMITED, (_retryAfter: number, info: { url?: string }) => {
    // info.url is the full request URL; the Web API method is its last path segment.
    const method = info?.url?.split('?')[0]?.split('/').pop() || 'unknown';
    options.metrics.slackRateLimitWaits.inc({ method });
  });
  app.error(async (err) => {
    options.logger.error({ err: err.message, code: (err as { code?: string }).code }, 'unhandled Bolt error');
  });
  return { app, receiver, close: () => fetch.close() };
}
