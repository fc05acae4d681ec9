import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfig } from '../../src/config/load-config.js';
import { describeError } from '../../src/errors.js';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/observability/logger.js';
import { createHttpSend } from '../../src/providers/http.js';
import { createZenlayerProvider } from '../../src/providers/zenlayer/provider.js';
import { buildStopbot } from '../../src/runtime/build.js';
import { appId, openSae, REGION } from '../fakes/alibaba/harness.js';
import { type FakeSae, startFakeSae } from '../fakes/alibaba/server.js';
import { startHuaweiRig } from '../fakes/huawei/rig.js';
import { type FakeEcs, startFakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { type FakeZenlayer, startFakeZenlayer } from '../fakes/zenlayer/server.js';
import { baseConfig, fastRetry, type Harness, startHarness } from '../helpers/bot-harness.js';
import { getPath } from '../helpers/bot-probes.js';
import { lastEphemeralText, rejectCard, waitForCard, waitForReply } from '../helpers/cards.js';
import { findLeaks, type Leak } from '../helpers/secret-scan.js';

/**
 * Recognisable secrets in every credential, full flows (happy path, failed
 * stops, wrong keys, Slack errors), then a scan of everything the bot wrote:
 * log lines (with the logger's masking OFF, so a leak at the source shows),
 * every Slack call, message, ephemeral and response_url post, /metrics, the
 * HTTP answers, and thrown error messages. Zero hits.
 */
const MARK = 'SECRETCANARY';
const S = {
  bot: `xoxb-${MARK}-bot-7f3a9c11`,
  signing: `${MARK}-signing-5e1d2c77`,
  app: `xapp-1-${MARK}-app-9b8a6655`,
  huaweiSk: `${MARK}-huawei-sk-0123456789abcdef0123`,
  alibaba: `${MARK}-alibaba-secret-abcdef12`,
  zenlayer: `${MARK}-zenlayer-password-1234`,
  redis: `${MARK}-redis-pw-0042`,
};
const SECRETS = [MARK, ...Object.values(S)];
const HW_AK = 'HWCANARYAK0000000001';
const ALI_ID = 'LTAI5tCANARYKEY00001';
const ZL_ID = 'ZLCANARYKEYID0000001';
const PROJECT = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const zid = (i: number) => String(1_000_000_000_000_000_000n + BigInt(i));

/** The canary credentials, as the bot reads them from its environment. */
const CANARY_ENV = {
  SLACK_BOT_TOKEN: S.bot,
  SLACK_SIGNING_SECRET: S.signing,
  HUAWEICLOUD_SDK_AK: HW_AK,
  HUAWEICLOUD_SDK_SK: S.huaweiSk,
  ALIBABA_CLOUD_ACCESS_KEY_ID: ALI_ID,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: S.alibaba,
  ZENLAYERCLOUD_ACCESS_KEY_ID: ZL_ID,
  ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: S.zenlayer,
};

/** The `providers` config for all three fake clouds. */
const allClouds = (ecs: FakeEcs, sae: FakeSae, bmc: FakeZenlayer) => ({
  huawei: { region: 'cn-north-4', projectId: PROJECT, endpoint: ecs.url, timeout: '2s' },
  alibaba: { region: REGION, endpoint: sae.url, callsPerMinute: 100_000, timeout: '2s' },
  zenlayer: { endpoint: bmc.url, timeout: '2s' },
});

/** What the bot wrote, gathered from everywhere it can write to. */
async function everythingWritten(h: Harness, extra: string[] = []): Promise<Leak[]> {
  const slack = h.slack;
  const places: Array<[string, string]> = [
    ['log lines', h.logs.join('\n')],
    ['Slack API calls', JSON.stringify(slack.calls)],
    ['Slack messages', JSON.stringify(slack.messages)],
    ['ephemerals', JSON.stringify(slack.ephemerals)],
    ['response_url posts', JSON.stringify([...slack.state.responses.values()])],
    ['/metrics', (await getPath(h.url, '/metrics')).text],
    ['/healthz', (await getPath(h.url, '/healthz')).text],
    ['other', extra.join('\n')],
  ];
  return places.flatMap(([where, text]) => findLeaks(where, text, SECRETS));
}

function errorText(err: unknown): string {
  const parts = [describeError(err), String(err), JSON.stringify(err)];
  let cause: unknown = err;
  for (let i = 0; i < 5 && cause instanceof Error; i++) {
    parts.push(cause.message, cause.stack ?? '');
    cause = cause.cause;
  }
  return parts.join('\n');
}

describe('no secret reaches logs, metrics, Slack or error messages', () => {
  let ecs: FakeEcs;
  let sae: FakeSae;
  let bmc: FakeZenlayer;
  let h: Harness;
  const answers: string[] = [];

  beforeAll(async () => {
    ecs = await startFakeEcs({
      ak: HW_AK,
      sk: S.huaweiSk,
      projectId: PROJECT,
      stopDelayMs: 100,
      servers: [
        { id: uuid(1), name: 'srv-1', state: 'running' },
        { id: uuid(2), name: 'srv-2', state: 'running', failStop: true },
      ],
    });
    sae = await startFakeSae({
      region: REGION,
      accounts: { [ALI_ID]: S.alibaba },
      stopDelayMs: 100,
      apps: [
        { appId: appId(1), appName: 'app-a', namespaceId: `${REGION}:prod`, state: 'running' },
        {
          appId: appId(2),
          appName: 'app-b',
          namespaceId: `${REGION}:prod`,
          state: 'running',
          failStop: true,
        },
      ],
    });
    bmc = await startFakeZenlayer({
      credentials: { [ZL_ID]: S.zenlayer },
      stopDelayMs: 100,
      machines: [
        { id: zid(1), name: 'web-1' },
        { id: zid(2), name: 'web-2', failStop: true },
      ],
    });
    h = await startHarness({
      maskSecrets: false,
      slack: { botToken: S.bot, userGroups: { S0ONCALL: ['U0CAROL'] } },
      config: baseConfig({
        incidentChannel: 'C0INCIDENT',
        tracking: { pollInterval: '100ms', timeout: '5s' },
        providers: allClouds(ecs, sae, bmc),
      }),
      env: CANARY_ENV,
    });
  });

  afterAll(async () => {
    await h?.close();
    await Promise.all([ecs?.close(), sae?.close(), bmc?.close()]);
  });

  it.each([
    ['huawei', 'huawei srv-1,srv-2 --reason "canary run"'],
    ['alibaba', 'alibaba app-a,app-b --reason "canary run"'],
    ['zenlayer', 'zenlayer web-1,web-2 --reason "canary run"'],
  ])('%s: request, approval, one failed stop, summary', async (_name, text) => {
    const before = h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => !m.threadTs).length;
    const res = await h.driver.command('U0BOB', text);
    answers.push(JSON.stringify(res.body));
    const card = await waitForCard(h.slack, DEFAULT_CHANNEL, before);
    const click = await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    answers.push(JSON.stringify(click.body));
    await waitForReply(h.slack, card, /^Summary for SR-.*1\/2 stopped.*1 failed/);
    expect(await everythingWritten(h, answers)).toEqual([]);
  });

  it('Slack errors: failed posts, 5xx and 429 past retries, a failing response_url and group lookup', async () => {
    await h.driver.command('U0BOB', 'status SR-0000000000');
    // The card post is refused, and so is the first reply about it.
    h.slack.failNext('chat.postMessage', { error: 'invalid_auth' });
    h.slack.failNext('response_url', { status: 500 });
    await h.driver.command('U0BOB', 'huawei srv-2');
    await h.slack.waitFor(
      () =>
        h.slack.counts.response_url !== undefined && h.slack.calls.some((c) => c.error === 'invalid_auth'),
    );
    // 5xx within the client's retries, a failed group lookup, a 429 on the card edit.
    h.slack.failNext('chat.postMessage', { status: 503 }, 2);
    h.slack.failNext('usergroups.users.list', { status: 500 }, 3);
    h.slack.failNext('chat.update', { status: 429, retryAfterSec: 1 });
    const before = h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => !m.threadTs).length;
    await h.driver.command('U0BOB', 'zenlayer web-2');
    const card = await waitForCard(h.slack, DEFAULT_CHANNEL, before);
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    await h.slack.waitFor(() => /could not check/.test(lastEphemeralText(h.slack, 'U0CAROL')));
    await rejectCard(h, 'U0CAROL', card);
    await h.slack.waitFor(
      () => /Rejected by/.test(JSON.stringify(h.slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)),
      8000,
    );
    expect(await everythingWritten(h, answers)).toEqual([]);
  });

  it('forged and stale signatures are refused without echoing what was sent', async () => {
    const body = new URLSearchParams({
      command: '/stop',
      text: 'help',
      user_id: 'U0BOB',
      channel_id: DEFAULT_CHANNEL,
    }).toString();
    const forged = await h.driver.raw(body, {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)),
      'x-slack-signature': `v0=${'ab'.repeat(32)}`,
    });
    const stale = await h.driver.raw(body, {
      'content-type': 'application/x-www-form-urlencoded',
      ...h.driver.sign(body, Math.floor(Date.now() / 1000) - 900),
    });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    answers.push(String(forged.body), String(stale.body));
    expect(await everythingWritten(h, answers)).toEqual([]);
  });
});

describe('wrong keys (provider 401s) and other failures that carry credentials nearby', () => {
  it('a bot with the wrong SK, secret and password tells the user why, and leaks none of them', async () => {
    const ecs = await startFakeEcs({
      ak: HW_AK,
      sk: 'the-real-sk-0000000000000000000000000000',
      projectId: PROJECT,
      stopDelayMs: 100,
      servers: [],
    });
    const sae = await startFakeSae({ region: REGION, accounts: { [ALI_ID]: 'the-real-secret' }, apps: [] });
    const bmc = await startFakeZenlayer({ credentials: { [ZL_ID]: 'the-real-password' }, machines: [] });
    const h = await startHarness({
      maskSecrets: false,
      slack: { botToken: S.bot },
      config: baseConfig({
        providers: allClouds(ecs, sae, bmc),
      }),
      env: CANARY_ENV,
    });
    try {
      for (const provider of ['huawei', 'alibaba', 'zenlayer']) {
        const n = h.slack.ephemeralsFor('U0BOB').length;
        await h.driver.command('U0BOB', `${provider} machine-1`);
        await h.slack.waitFor(
          () =>
            h.slack
              .ephemeralsFor('U0BOB')
              .slice(n)
              .find((e) => /couldn't check the targets/.test(e.text)),
          8000,
          `the ${provider} refusal`,
        );
      }
      expect(ecs.authFailures()).toBeGreaterThan(0);
      expect(bmc.authFailures()).toBeGreaterThan(0);
      expect(await everythingWritten(h)).toEqual([]);
    } finally {
      await h.close();
      await Promise.all([ecs.close(), sae.close(), bmc.close()]);
    }
  });

  it('thrown provider errors for a wrong key carry no secret or signature', async () => {
    const errors: unknown[] = [];
    const hw = await startHuaweiRig({
      credentials: { ak: 'HWFAKEAK000000000001', sk: S.huaweiSk },
      retry: fastRetry,
    });
    const ali = await openSae({ apps: [], secret: S.alibaba });
    const bmc = await startFakeZenlayer({ machines: [] });
    const send = createHttpSend({ timeoutMs: 2000 });
    const zl = createZenlayerProvider({
      config: { endpoint: bmc.url, timeout: 2000 },
      credentials: { accessKeyId: 'ZLFAKEAKID0000000001', accessKeyPassword: S.zenlayer },
      clock: systemClock,
      send,
      retry: fastRetry,
    });
    try {
      for (const provider of [hw.provider, ali.provider, zl]) {
        for (const call of [
          () => provider.resolve(['x-1']),
          () => provider.stop([{ id: 'x-1', name: 'x-1', status: 'RUNNING', stopped: false }], 'SOFT'),
        ]) {
          await call().then(
            (r) => errors.push(new Error(`no error but ${JSON.stringify(r)}`)),
            (err: unknown) => errors.push(err),
          );
        }
      }
    } finally {
      await Promise.all([hw.close(), ali.close(), bmc.close(), send.close()]);
    }
    expect(errors).toHaveLength(6);
    const leaks = errors.flatMap((err, i) => findLeaks(`error ${i}`, errorText(err), SECRETS));
    expect(leaks).toEqual([]);
  });

  it('config errors and an unusable Redis password do not echo the values', async () => {
    const texts: string[] = [];
    const file = {
      path: 'test.yml',
      text: stringify(baseConfig({ providers: { sandbox: { machines: [{ id: 'a', name: 'a' }] } } })),
    };
    for (const env of [
      { SLACK_BOT_TOKEN: S.signing, SLACK_SIGNING_SECRET: S.signing },
      { SLACK_BOT_TOKEN: S.bot, SLACK_APP_TOKEN: `${MARK}-not-an-app-token` },
      {
        SLACK_BOT_TOKEN: S.bot,
        SLACK_SIGNING_SECRET: S.signing,
        REDIS_URL: `http://:${S.redis}@127.0.0.1:6379`,
      },
    ]) {
      try {
        loadConfig(env, file);
        texts.push('no error');
      } catch (err) {
        texts.push(errorText(err));
      }
    }
    const slack: FakeSlack = await startFakeSlack({ botToken: S.bot });
    const logs: string[] = [];
    try {
      const config = loadConfig(
        {
          SLACK_BOT_TOKEN: S.bot,
          SLACK_SIGNING_SECRET: S.signing,
          SLACK_API_URL: slack.url,
          PORT: '0',
          REDIS_URL: `redis://default:${S.redis}@127.0.0.1:6379/0`,
        },
        file,
      );
      const logger = createLogger({
        level: 'debug',
        destination: { write: (line: string) => void logs.push(line) },
      });
      await buildStopbot(config, { logger }).then(
        async (bot) => {
          texts.push('built');
          await bot.stop();
        },
        (err: unknown) => texts.push(errorText(err)),
      );
    } finally {
      await slack.close();
    }
    expect(texts.some((t) => /REDIS_URL/.test(t))).toBe(true);
    expect(texts.filter((t) => t === 'no error')).toEqual([]);
    const leaks = [...texts, ...logs].flatMap((t, i) => findLeaks(`text ${i}`, t, SECRETS));
    expect(leaks).toEqual([]);
  });
});
