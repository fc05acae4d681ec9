import { App, LogLevel } from '@slack/bolt';
import { SocketModeClient } from '@slack/socket-mode';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { silentLogger } from './silent-logger.js';

let fake: FakeSlack;
const cleanups: Array<() => Promise<unknown>> = [];

beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  for (const clean of cleanups.splice(0).reverse()) await clean();
  await fake.close();
});

function socketClient(appToken = fake.config.appToken): SocketModeClient {
  const client = new SocketModeClient({
    appToken,
    logger: silentLogger,
    autoReconnectEnabled: false,
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
  });
  cleanups.push(() => client.disconnect());
  return client;
}

describe('fake Slack Socket Mode', () => {
  it('hands out a ws URL, says hello, delivers envelopes and records acks (undici WebSocket client)', async () => {
    const client = socketClient();
    const seen: Array<{ body: Record<string, unknown> }> = [];
    client.on('slash_commands', async ({ ack, body }) => {
      seen.push({ body });
      await ack({ response_type: 'ephemeral', text: `parsing ${body.text}` });
    });
    client.on('interactive', async ({ ack }) => {
      await ack();
    });
    await client.start();
    expect(fake.socket.connectionCount).toBe(1);
    expect(fake.counts['apps.connections.open']).toBe(1);

    const ack = await fake.socket.sendSlashCommand('U0BOB', 'huawei srv-1', { channelId: 'C0OPS' });
    expect(ack.payload).toEqual({ response_type: 'ephemeral', text: 'parsing huawei srv-1' });
    expect(seen[0]?.body).toMatchObject({ command: '/stop', user_id: 'U0BOB', channel_id: 'C0OPS' });
    expect(seen[0]?.body.response_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/actions\//);
    expect(fake.lastEphemeral('U0BOB')).toMatchObject({ text: 'parsing huawei srv-1', source: 'ack' });

    fake.state.post({
      channel: 'C0OPS',
      threadTs: undefined,
      user: fake.config.botUserId,
      botId: fake.config.botId,
      text: 'card',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: 'stop_approve',
              value: 'r1',
              text: { type: 'plain_text', text: 'Approve' },
            },
          ],
        },
      ],
      replyBroadcast: false,
      by: 'chat.postMessage',
    });
    const card = fake.channelMessages('C0OPS')[0];
    const clickAck = await fake.socket.sendBlockActions('U0ALICE', {
      actionId: 'stop_approve',
      messageTs: card?.ts ?? '',
    });
    expect(clickAck.payload).toEqual({});
    const envelope = fake.socket.envelopes.at(-1);
    expect(envelope).toMatchObject({ type: 'interactive', accepts_response_payload: true, retry_attempt: 0 });
    expect(envelope?.payload).toMatchObject({
      type: 'block_actions',
      actions: [{ action_id: 'stop_approve', value: 'r1' }],
    });
  });

  it('redelivers an envelope with retry_attempt and rejects a wrong app token', async () => {
    const client = socketClient();
    const retries: Array<[number, string]> = [];
    // Bolt listens on 'slack_event', the only event that carries retry_num / retry_reason
    client.on('slack_event', async ({ ack, retry_num, retry_reason }) => {
      retries.push([retry_num, retry_reason]);
      await ack();
    });
    await client.start();
    const ack = await fake.socket.sendSlashCommand('U0BOB', 'help');
    fake.socket.redeliver(ack.envelopeId, 'timeout');
    await fake.waitFor(() => retries.length === 2, 2000, 'redelivery');
    expect(retries).toEqual([
      [0, ''],
      [1, 'timeout'],
    ]);

    const bad = socketClient('xapp-1-wrong');
    await expect(bad.start()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('asks clients to reconnect; a ws URL is single-use', async () => {
    const client = new SocketModeClient({
      appToken: fake.config.appToken,
      logger: silentLogger,
      clientPingTimeout: 50,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });
    cleanups.push(() => client.disconnect());
    let firstUrl = '';
    client.once('authenticated', (resp: { url?: string }) => {
      firstUrl = resp.url ?? '';
    });
    await client.start();
    expect(firstUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    fake.socket.requestDisconnect();
    await fake.waitFor(
      () => fake.counts['apps.connections.open'] === 2 && fake.socket.connectionCount === 1,
      3000,
      'reconnect',
    );
    const reuse = new WebSocket(firstUrl);
    const outcome = await new Promise((resolve) => {
      reuse.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      reuse.on('open', () => resolve('open'));
      reuse.on('error', () => undefined);
    });
    expect(outcome).toBe(401);
  });

  it('works with Bolt App in socket mode: command ack and respond() to the response_url', async () => {
    const app = new App({
      token: fake.config.botToken,
      appToken: fake.config.appToken,
      socketMode: true,
      logLevel: LogLevel.ERROR,
      logger: silentLogger,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });
    app.command('/stop', async ({ ack, respond, command }) => {
      await ack({ text: 'on it' });
      await respond({ text: `stopping ${command.text}` });
    });
    await app.start();
    cleanups.push(() => app.stop());
    await fake.socket.waitForConnection();
    const ack = await fake.socket.sendSlashCommand('U0BOB', 'zenlayer bm-1');
    expect(ack.payload).toMatchObject({ text: 'on it' });
    const later = await fake.waitFor(() =>
      fake.ephemeralsFor('U0BOB').find((e) => e.source === 'response_url'),
    );
    expect(later.text).toBe('stopping zenlayer bm-1');
    expect(fake.counts['auth.test']).toBeGreaterThanOrEqual(1);
  });
});
