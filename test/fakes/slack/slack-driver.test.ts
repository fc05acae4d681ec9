import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type BlockAction, HTTPReceiver } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackDriver, type SlackDriver } from '../../helpers/slack-driver.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { renderMessage } from './render.js';
import { silentLogger } from './silent-logger.js';

const SECRET = 'test-signing-secret';
const opt = (v: string) => ({ text: { type: 'plain_text' as const, text: v }, value: v });
const card = (state: string, buttons: boolean) => [
  {
    type: 'section' as const,
    block_id: 'summary',
    text: { type: 'mrkdwn' as const, text: `Stop srv-1? *${state}*` },
  },
  ...(buttons
    ? [
        {
          type: 'actions' as const,
          block_id: 'mode',
          elements: [
            {
              type: 'radio_buttons' as const,
              action_id: 'stop_mode',
              options: [opt('SOFT'), opt('HARD')],
              initial_option: opt('SOFT'),
            },
          ],
        },
        {
          type: 'actions' as const,
          block_id: 'decide',
          elements: [
            {
              type: 'button' as const,
              action_id: 'stop_approve',
              value: 'r1',
              style: 'primary' as const,
              text: { type: 'plain_text' as const, text: 'Approve' },
            },
            {
              type: 'button' as const,
              action_id: 'stop_reject',
              value: 'r1',
              text: { type: 'plain_text' as const, text: 'Reject' },
            },
          ],
        },
      ]
    : []),
];

let fake: FakeSlack;
let server: Server;
let driver: SlackDriver;
const clicks: Array<{ body: BlockAction; retryNum: number | undefined }> = [];

beforeEach(async () => {
  fake = await startFakeSlack();
  const receiver = new HTTPReceiver({ signingSecret: SECRET, logger: silentLogger });
  const app = new App({
    receiver,
    token: fake.config.botToken,
    botId: fake.config.botId,
    botUserId: fake.config.botUserId,
    logger: silentLogger,
    clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
  });
  app.command('/stop', async ({ ack, respond, client, command }) => {
    await ack({ text: `parsing ${command.text}` });
    await client.chat.postMessage({
      channel: command.channel_id,
      text: 'Stop srv-1?',
      blocks: card('pending', true),
    });
    await respond({ text: 'request posted' });
  });
  app.action('stop_mode', async ({ ack }) => {
    await ack();
  });
  app.action<BlockAction>('stop_approve', async ({ ack, body, client, context }) => {
    clicks.push({ body, retryNum: context.retryNum });
    await ack();
    const ts = body.container.message_ts;
    await client.chat.update({
      channel: body.container.channel_id,
      ts,
      text: 'approved',
      blocks: card('approved', false),
    });
  });
  server = createServer(receiver.requestListener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const botUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  driver = createSlackDriver({ botUrl, signingSecret: SECRET, fakeSlack: fake });
  clicks.length = 0;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await fake.close();
});

describe('slack driver against a real Bolt HTTPReceiver', () => {
  it('drives a command, a radio choice and an approval, with state.values and message updates', async () => {
    const cmd = await driver.command('U0BOB', 'huawei srv-1');
    expect(cmd).toMatchObject({ status: 200, body: { text: 'parsing huawei srv-1' } });
    expect(fake.lastEphemeral('U0BOB')?.source).toBe('ack');
    const posted = await fake.waitFor(() => fake.channelMessages('C0OPS')[0]);
    await fake.waitFor(() => fake.responsesFor(cmd.responseUrlId ?? '').length === 1, 2000, 'respond()');
    expect(fake.lastEphemeral('U0BOB')).toMatchObject({ text: 'request posted', source: 'response_url' });
    expect(renderMessage(posted)).toContain('(•) SOFT ( ) HARD');

    expect(
      (await driver.click('U0ALICE', { actionId: 'stop_mode', value: 'HARD', messageTs: posted.ts })).status,
    ).toBe(200);
    const approve = await driver.click('U0ALICE', {
      actionId: 'stop_approve',
      messageTs: posted.ts,
      retryNum: 1,
    });
    expect(approve.status).toBe(200);
    const first = clicks[0];
    expect(first?.retryNum).toBe(1);
    expect(first?.body.actions[0]).toMatchObject({
      action_id: 'stop_approve',
      value: 'r1',
      block_id: 'decide',
      type: 'button',
    });
    expect(first?.body.user.id).toBe('U0ALICE');
    expect(first?.body.state?.values.mode?.stop_mode?.selected_option?.value).toBe('HARD');
    expect(first?.body.message?.ts).toBe(posted.ts);

    await fake.waitFor(() => fake.message('C0OPS', posted.ts)?.text === 'approved', 2000, 'card update');
    expect(renderMessage(posted)).not.toContain('Approve');

    // A second approver still showing the old card clicks too: the payload carries the version they saw.
    await driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: posted.ts });
    expect(clicks[1]?.body.message?.blocks).toHaveLength(3);
    expect(clicks[1]?.body.state?.values.mode?.stop_mode?.selected_option?.value).toBe('SOFT');

    const again = await driver.redeliver(approve, 2);
    expect(again.status).toBe(200);
    expect(clicks[2]?.body.actions[0]?.action_ts).toBe(first?.body.actions[0]?.action_ts);
    expect(clicks[2]?.retryNum).toBe(2);
  });

  it('sends requests Bolt rejects when the signature or timestamp is wrong', async () => {
    const body = 'command=%2Fstop&text=help';
    const wrongSig: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      ...driver.sign(body),
    };
    wrongSig['x-slack-signature'] = `${wrongSig['x-slack-signature']?.slice(0, -2)}00`;
    expect((await driver.raw(body, wrongSig)).status).toBe(401);
    const stale = {
      'content-type': 'application/x-www-form-urlencoded',
      ...driver.sign(body, Math.floor(Date.now() / 1000) - 301),
    };
    expect((await driver.raw(body, stale)).status).toBe(401);
    expect(fake.messages).toHaveLength(0);
  });
});
