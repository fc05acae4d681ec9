import { ErrorCode, type WebAPIPlatformError, WebClient, type WebClientOptions } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import { silentLogger } from './silent-logger.js';

let fake: FakeSlack;
let client: WebClient;

beforeEach(async () => {
  fake = await startFakeSlack({ userGroups: { S0ONCALL: ['U0ALICE', 'U0CAROL'] } });
  client = webClient(fake.config.botToken);
});
afterEach(async () => {
  await fake.close();
});

function webClient(token: string, options: WebClientOptions = {}): WebClient {
  return new WebClient(token, {
    slackApiUrl: fake.url,
    logger: silentLogger,
    retryConfig: { retries: 0 },
    ...options,
  });
}

type PlatformData = WebAPIPlatformError['data'] & { errors?: string[] };

async function platformError(call: Promise<unknown>): Promise<PlatformData> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toMatchObject({ code: ErrorCode.PlatformError });
  return (err as WebAPIPlatformError).data;
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });
const button = (text: string, extra: object = {}) => ({
  type: 'actions',
  elements: [{ type: 'button', action_id: 'stop_approve', text: { type: 'plain_text', text }, ...extra }],
});

describe('fake Slack Web API with the real WebClient', () => {
  it('posts, threads, broadcasts and updates messages, keeping edit history', async () => {
    const root = await client.chat.postMessage({
      channel: 'C0OPS',
      text: 'card',
      blocks: [section('*Stop?*')],
    });
    expect(root.ts).toMatch(/^\d{10}\.\d{6}$/);
    const rootTs = root.ts ?? '';
    const r1 = await client.chat.postMessage({ channel: 'C0OPS', thread_ts: rootTs, text: 'progress 1' });
    const r2 = await client.chat.postMessage({
      channel: 'C0OPS',
      thread_ts: rootTs,
      text: 'done',
      reply_broadcast: true,
    });
    expect(Number(r2.ts)).toBeGreaterThan(Number(r1.ts));
    await client.chat.update({ channel: 'C0OPS', ts: root.ts ?? '', text: 'approved' });
    await client.chat.update({
      channel: 'C0OPS',
      ts: root.ts ?? '',
      text: 'stopped',
      blocks: [section('All done')],
    });

    const card = fake.message('C0OPS', root.ts ?? '');
    expect(card?.text).toBe('stopped');
    expect(card?.history.map((v) => v.text)).toEqual(['card', 'approved', 'stopped']);
    // chat.update without blocks keeps the old blocks (as Slack does)
    expect(card?.history[1]?.blocks).toEqual(card?.history[0]?.blocks);
    expect(card?.blocks[0]?.block_id).toEqual(expect.any(String));
    expect(fake.thread('C0OPS', root.ts ?? '').map((m) => m.text)).toEqual(['progress 1', 'done']);
    expect(fake.channelMessages('C0OPS').map((m) => m.text)).toEqual(['stopped', 'done']);
    expect(card?.replyCount).toBe(2);
    expect(fake.counts).toMatchObject({ 'chat.postMessage': 3, 'chat.update': 2 });
    expect(fake.calls[0]?.args).toMatchObject({ channel: 'C0OPS', text: 'card' });
    expect(fake.anomalies).toEqual([]);

    const link = await client.chat.getPermalink({ channel: 'C0OPS', message_ts: r1.ts ?? '' });
    expect(link.permalink).toContain(`/archives/C0OPS/p${r1.ts?.replace('.', '')}?thread_ts=${root.ts}`);
  });

  it('checks the bot token and the token type, and rejects unknown methods', async () => {
    const wrong = webClient('xoxb-wrong');
    expect((await platformError(wrong.auth.test())).error).toBe('invalid_auth');
    const app = webClient(fake.config.appToken);
    expect((await platformError(app.chat.postMessage({ channel: 'C1', text: 'x' }))).error).toBe(
      'not_allowed_token_type',
    );
    expect((await platformError(client.apiCall('chat.nonsense'))).error).toBe('unknown_method');
    const me = await client.auth.test();
    expect(me).toMatchObject({ user_id: fake.config.botUserId, bot_id: fake.config.botId });
    expect(fake.messages).toHaveLength(0);
  });

  it('enforces Block Kit and text limits', async () => {
    const post = (blocks: object[], text = 'fallback') =>
      platformError(client.apiCall('chat.postMessage', { channel: 'C1', text, blocks }));
    const tooMany = Array.from({ length: 51 }, (_, i) => section(`row ${i}`));
    expect(await post(tooMany)).toMatchObject({ error: 'invalid_blocks' });
    const long = await post([section('x'.repeat(3001))]);
    expect(long.errors).toEqual(['must be less than 3001 characters [json-pointer:/blocks/0/text/text]']);
    expect((await post([button('y'.repeat(76))])).error).toBe('invalid_blocks');
    expect((await post([button('Go', { value: 'v'.repeat(2001) })])).error).toBe('invalid_blocks');
    const halfConfirm = {
      confirm: { title: { type: 'plain_text', text: 'Sure?' }, text: { type: 'mrkdwn', text: 'x' } },
    };
    expect((await post([button('Go', halfConfirm)])).errors?.join()).toContain('/confirm/confirm');
    expect(
      (await post([{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }])).error,
    ).toBe('invalid_blocks');
    const ctx = {
      type: 'context',
      elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })),
    };
    expect((await post([ctx])).error).toBe('invalid_blocks');
    expect((await post([], 'z'.repeat(40_001))).error).toBe('msg_too_long');

    const ok = await client.chat.postMessage({ channel: 'C1', text: 'ok', blocks: [button('Approve')] });
    const upd = client.chat.update({ channel: 'C1', ts: ok.ts ?? '', text: 'u'.repeat(4001) });
    expect((await platformError(upd)).error).toBe('msg_too_long');
    expect(
      (await platformError(client.chat.update({ channel: 'C1', ts: '1.000001', text: 'x' }))).error,
    ).toBe('message_not_found');
    expect(fake.messages).toHaveLength(1);
  });

  it('refuses to update a message the bot did not post', async () => {
    const human = fake.state.post({
      channel: 'C1',
      threadTs: undefined,
      user: 'U0BOB',
      botId: undefined,
      text: 'hi',
      blocks: [],
      replyBroadcast: false,
      by: 'chat.postMessage',
    });
    const upd = client.chat.update({ channel: 'C1', ts: human.ts, text: 'edited' });
    expect((await platformError(upd)).error).toBe('cant_update_message');
  });

  it('answers 429 with Retry-After when rate limits are on, and WebClient waits and retries', async () => {
    fake.setRateLimits(true);
    const strict = webClient(fake.config.botToken, { rejectRateLimitedCalls: true });
    for (let i = 0; i < 3; i++) await strict.chat.postMessage({ channel: 'C1', text: `burst ${i}` });
    await strict.chat.postMessage({ channel: 'C2', text: 'other channel has its own bucket' });
    const err = await strict.chat
      .postMessage({ channel: 'C1', text: 'one too many' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 1 });

    const patient = webClient(fake.config.botToken, { retryConfig: { retries: 2, minTimeout: 0 } });
    const started = Date.now();
    const res = await patient.chat.postMessage({ channel: 'C1', text: 'after waiting' });
    expect(res.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(fake.rateLimited['chat.postMessage']).toBe(2);

    fake.setRateLimits(false);
    for (let i = 0; i < 10; i++) await strict.chat.postMessage({ channel: 'C1', text: `free ${i}` });
  });

  it('injects faults: HTTP 500/503, platform errors and 429', async () => {
    fake.failNext('chat.postMessage', { status: 503 });
    const http = await client.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(http).toMatchObject({ code: ErrorCode.HTTPError, statusCode: 503 });
    fake.failNext('users.info', { error: 'user_not_found' }, 2);
    expect((await platformError(client.users.info({ user: 'U0ALICE' }))).error).toBe('user_not_found');
    expect((await platformError(client.users.info({ user: 'U0ALICE' }))).error).toBe('user_not_found');
    expect((await client.users.info({ user: 'U0ALICE' })).user?.id).toBe('U0ALICE');
    fake.failNext('chat.update', { status: 429, retryAfterSec: 0 });
    const retrying = webClient(fake.config.botToken, { retryConfig: { retries: 1, minTimeout: 0 } });
    const posted = await retrying.chat.postMessage({ channel: 'C1', text: 'y' });
    await retrying.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'z' });
    expect(fake.rateLimited['chat.update']).toBe(1);
    expect(fake.message('C1', posted.ts ?? '')?.text).toBe('z');
  });

  it('accepts JSON bodies (token only in the header) and records ephemerals per user', async () => {
    const post = (body: object, auth?: string) =>
      fetch(`${fake.url}chat.postEphemeral`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          ...(auth ? { authorization: auth } : {}),
        },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const body = { channel: 'C0OPS', user: 'U0BOB', text: 'only you', blocks: [section('*only you*')] };
    expect(await post(body, `Bearer ${fake.config.botToken}`)).toMatchObject({
      ok: true,
      message_ts: expect.any(String),
    });
    expect(await post({ ...body, token: fake.config.botToken })).toMatchObject({
      ok: false,
      error: 'not_authed',
    });
    await client.chat.postEphemeral({ channel: 'C0OPS', user: 'U0CAROL', text: 'for carol' });
    expect(fake.lastEphemeral('U0BOB')).toMatchObject({ text: 'only you', source: 'chat.postEphemeral' });
    expect(fake.ephemeralsFor('U0CAROL').map((e) => e.text)).toEqual(['for carol']);
    expect(fake.messages).toHaveLength(0);
    fake.reset();
    expect([fake.ephemerals, fake.calls, fake.counts]).toEqual([[], [], {}]);
  });

  it('lists user group members and reports unknown groups', async () => {
    expect((await client.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual([
      'U0ALICE',
      'U0CAROL',
    ]);
    fake.setUserGroup('S0ONCALL', ['U0DAVE']);
    expect((await client.usergroups.users.list({ usergroup: 'S0ONCALL' })).users).toEqual(['U0DAVE']);
    expect((await platformError(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).error).toBe(
      'no_such_subteam',
    );
    const info = await client.conversations.info({ channel: 'C0OPS' });
    expect(info.channel).toMatchObject({ id: 'C0OPS', is_member: true, is_private: false });
  });
});
