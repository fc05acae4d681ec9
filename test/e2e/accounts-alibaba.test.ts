import { describe, expect, it } from 'vitest';
import { appId, REGION } from '../fakes/alibaba/harness.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';
import { startFakeSae } from '../fakes/alibaba/server.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import { lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { sampleValue, scrape } from '../helpers/prom-text.js';

/**
 * Two SAE accounts in one bot (issue 12): `alibaba` with the vendor's variables,
 * `alibaba-eu` with its own variables, STS keys (a security token) and its own
 * approvers. Each fake SAE knows only its own account, and both hold the same
 * application IDs and names.
 */
const MAIN = { id: 'LTAI5tMAINACCOUNT0000001', secret: 'main-secret-NOT-A-REAL-KEY' };
const EU = {
  id: 'STS.NEUACCOUNT00000000002',
  secret: 'eu-secret-NOT-A-REAL-KEY',
  token: 'eu-sts-security-token-NOT-REAL-0123456789',
};
const NS = `${REGION}:prod`;
const apps = (): FakeAppSeed[] =>
  [1, 2].map((i) => ({ appId: appId(i), appName: `app-${i}`, namespaceId: NS, state: 'running' as const }));

async function startTwoAccounts() {
  const main = await startFakeSae({
    region: REGION,
    accounts: { [MAIN.id]: MAIN.secret },
    apps: apps(),
    stopDelayMs: 100,
  });
  const eu = await startFakeSae({
    region: REGION,
    accounts: { [EU.id]: EU.secret },
    securityTokens: { [EU.id]: EU.token },
    apps: apps(),
    stopDelayMs: 100,
  });
  const clouds = {
    close: async () => {
      await main.close();
      await eu.close();
    },
  };
  const sae = { callsPerMinute: 100_000, timeout: '2s' };
  const bot = await startBotOn(clouds, {
    config: baseConfig({
      providers: {
        alibaba: { region: REGION, endpoint: main.url, ...sae },
        'alibaba-eu': {
          cloud: 'alibaba',
          region: REGION,
          endpoint: eu.url,
          ...sae,
          credentials: {
            accessKeyId: 'SAE_EU_KEY_ID',
            accessKeySecret: 'SAE_EU_KEY_SECRET',
            securityToken: 'SAE_EU_TOKEN',
          },
          approvers: ['U0EULEAD'],
        },
      },
    }),
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: MAIN.id,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: MAIN.secret,
      SAE_EU_KEY_ID: EU.id,
      SAE_EU_KEY_SECRET: EU.secret,
      SAE_EU_TOKEN: EU.token,
    },
  });
  return { main, eu, ...bot };
}
const start = closeAfterEach(startTwoAccounts);

const toldUser = (h: Harness, user: string, pattern: RegExp) =>
  h.slack.waitFor(() => pattern.test(lastEphemeralText(h.slack, user)), 5000, `${user} told ${pattern}`);

describe('two SAE accounts: alibaba and alibaba-eu', () => {
  it('a stop on alibaba-eu calls only its account, with its STS token, approved by its own approver; metrics name it', async () => {
    const { main, eu, h } = await start();
    // The startup credentials check made one read call on each; count only what follows.
    const before = { main: main.calls(), eu: eu.calls() };
    await h.driver.command('U0BOB', 'alibaba-eu app-1 --reason "eu incident"');
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/1 machine on alibaba-eu/);

    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await toldUser(h, 'U0ALICE', /not an approver for stop requests on alibaba-eu/);
    await h.driver.click('U0EULEAD', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-\w+ on alibaba-eu: 1\/1 stopped/);

    expect(eu.isStopped(appId(1))).toBe(true);
    expect(eu.stopRequestsFor(appId(1))).toBe(1);
    expect(eu.rejected('InvalidSecurityToken.MismatchWithAccessKey')).toBe(0);
    expect(eu.rejected('SignatureDoesNotMatch')).toBe(0);
    expect(main.calls() - before.main).toBe(0);
    expect(main.isStopped(appId(1))).toBe(false);

    const { samples } = await scrape(h.url);
    const calls = samples.filter((s) => s.name === 'stopbot_provider_calls_total');
    expect(calls.length).toBeGreaterThan(0);
    // The other account made one call only: its startup credentials check (one ListApplications).
    const others = calls.filter((s) => s.labels['provider'] !== 'alibaba-eu');
    expect(others.map((s) => [s.labels['provider'], s.labels['operation'], s.value])).toEqual([
      ['alibaba', 'ListApplications', 1],
    ]);
    expect(calls.some((s) => s.labels['provider'] === 'alibaba-eu')).toBe(true);
    expect(
      sampleValue(samples, 'stopbot_requests_total', { provider: 'alibaba-eu', outcome: 'approved' }),
    ).toBe(1);
    expect(
      sampleValue(samples, 'stopbot_targets_total', { provider: 'alibaba-eu', outcome: 'stopped' }),
    ).toBe(1);
  });

  it('the same app name resolves per account; each account’s metrics stay apart', async () => {
    const { main, eu, h } = await start();
    // The startup credentials check made one read call on each; count only what follows.
    const before = { main: main.calls(), eu: eu.calls() };
    await h.driver.command('U0BOB', 'alibaba app-2');
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/1 machine on Alibaba Cloud SAE/);
    await h.driver.click('U0EULEAD', { actionId: 'stop_approve', messageTs: card.ts });
    await toldUser(h, 'U0EULEAD', /not an approver for stop requests/);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.* 1\/1 stopped/);
    expect(main.isStopped(appId(2))).toBe(true);
    expect(eu.calls() - before.eu).toBe(0);

    await h.driver.command('U0BOB', 'alibaba-eu app-2');
    const second = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    await h.driver.click('U0EULEAD', { actionId: 'stop_approve', messageTs: second.ts });
    await waitForReply(h.slack, second, /^Summary for SR-.* 1\/1 stopped/);
    expect(eu.isStopped(appId(2))).toBe(true);
    expect(main.stopRequestsFor(appId(2))).toBe(1);
    expect(eu.stopRequestsFor(appId(2))).toBe(1);

    const { samples } = await scrape(h.url);
    for (const provider of ['alibaba', 'alibaba-eu']) {
      expect(sampleValue(samples, 'stopbot_requests_total', { provider, outcome: 'approved' })).toBe(1);
      expect(sampleValue(samples, 'stopbot_targets_total', { provider, outcome: 'stopped' })).toBe(1);
    }
  });
});
