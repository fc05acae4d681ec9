import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { serveChild } from './child-ipc.js';

/**
 * The baseline for ack latency: a bare Bolt app with Bolt's own HTTPReceiver
 * and signature check, whose only listener acks /stop. Same IPC protocol as
 * bot-child.ts, so the same harness starts, measures and stops it.
 */

let app: App | undefined;

serveChild({
  reportPeak: false,
  async start(_yaml, env) {
    const signingSecret = env['SLACK_SIGNING_SECRET'] ?? '';
    const receiver = new HTTPReceiver({ signingSecret, endpoints: '/slack/events' });
    app = new App({
      token: env['SLACK_BOT_TOKEN'],
      receiver,
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: env['SLACK_API_URL'] },
    });
    app.command('/stop', async ({ ack }) => {
      await ack();
    });
    const server = (await app.start(0)) as { address(): AddressInfo | string | null };
    const address = server.address();
    return typeof address === 'object' && address ? address.port : 0;
  },
  stop: () => (app ? app.stop().then(() => undefined) : Promise.resolve()),
});
