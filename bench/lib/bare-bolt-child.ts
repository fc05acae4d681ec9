import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { FromChild, ToChild } from './bot-child.js';

/**
 * The baseline for ack latency: a bare Bolt app with Bolt's own HTTPReceiver
 * and signature check, whose only listener acks /stop. Same IPC protocol as
 * bot-child.ts, so the same harness starts, measures and stops it.
 */

const reply = (msg: FromChild) => process.send?.(msg);
let app: App | undefined;

async function start(env: Record<string, string | undefined>): Promise<void> {
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
  reply({ type: 'ready', port: typeof address === 'object' && address ? address.port : 0 });
}

process.on('message', (msg: ToChild) => {
  if (msg.type === 'start') {
    start(msg.env).catch((err: unknown) =>
      reply({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  } else if (msg.type === 'mem') {
    const m = process.memoryUsage();
    const cpu = process.cpuUsage();
    reply({
      type: 'mem',
      rss: m.rss,
      heapUsed: m.heapUsed,
      peakRss: 0,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
  } else if (msg.type === 'stop') {
    const done = () => {
      reply({ type: 'stopped' });
      process.disconnect();
      setTimeout(() => process.exit(0), 100).unref();
    };
    (app ? app.stop() : Promise.resolve()).then(done, done);
  }
});
