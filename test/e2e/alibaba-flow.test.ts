import { describe, expect, it } from 'vitest';
import { appId, REGION, TEST_KEY_ID, TEST_SECRET } from '../fakes/alibaba/harness.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';
import { startFakeSae } from '../fakes/alibaba/server.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import {
  actionIdsOn,
  controlsOn,
  lastEphemeralText,
  requestAndApprove,
  waitForCard,
  waitForReply,
} from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

const PROD = `${REGION}:prod`;
const STAGING = `${REGION}:staging`;

const app = (
  i: number,
  appName: string,
  namespaceId: string,
  extra: Partial<FakeAppSeed> = {},
): FakeAppSeed => ({
  appId: appId(i),
  appName,
  namespaceId,
  state: 'running',
  ...extra,
});

async function startBot(apps: FakeAppSeed[]) {
  const sae = await startFakeSae({
    region: REGION,
    accounts: { [TEST_KEY_ID]: TEST_SECRET },
    apps,
    stopDelayMs: 200,
  });
  const bot = await startBotOn(sae, {
    config: baseConfig({
      providers: {
        alibaba: { region: REGION, endpoint: sae.url, callsPerMinute: 100_000, batchSize: 20, timeout: '2s' },
      },
    }),
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_SECRET },
  });
  return { sae, ...bot };
}
const start = closeAfterEach(startBot);

describe('/stop alibaba, end to end', () => {
  it('stops apps in two namespaces: one batch per namespace, StopApplication for a lone app', async () => {
    const { sae, h } = await start([
      app(1, 'app-a', PROD),
      app(2, 'app-b', STAGING),
      app(3, 'app-c', STAGING),
    ]);
    const res = await h.driver.command('U0BOB', 'alibaba app-a,app-b app-c --reason "leaking keys"');
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body)).toMatch(/Checking 3 targets on Alibaba Cloud SAE/);

    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/3 machines on Alibaba Cloud SAE/);
    expect(JSON.stringify(card.blocks)).toContain('leaking keys');
    // SAE has one stop mode: no mode picker on the card.
    expect(actionIdsOn(card)).toEqual(['stop_approve', 'stop_reject']);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });

    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/3\/3 stopped/);
    expect(summary.text).not.toMatch(/failed/);
    expect(sae.calls('BatchStopApplications')).toBe(1);
    expect(sae.calls('StopApplication')).toBe(1);
    for (const i of [1, 2, 3]) {
      expect(sae.stopRequestsFor(appId(i))).toBe(1);
      expect(sae.isStopped(appId(i))).toBe(true);
    }
    expect(sae.rejected('SignatureDoesNotMatch')).toBe(0);
    expect(sae.crashes()).toBe(0);
    expect(controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toEqual([]);
  });

  it('refuses --hard with a reason, before any SAE call', async () => {
    const { sae, h } = await start([app(1, 'app-a', PROD)]);
    const base = sae.calls();
    const res = await h.driver.command('U0BOB', 'alibaba app-a --hard');
    expect(res.status).toBe(200);
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/--hard is not available on Alibaba Cloud SAE/);
    expect(text).toMatch(/no HARD stop/);
    expect(sae.calls() - base, 'calls after the startup credentials check').toBe(0);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
  });

  it('a change order that fails: a thread reply with SAE’s reason, the rest stopped, the summary shows it', async () => {
    const { sae, h } = await start([app(1, 'app-a', PROD), app(2, 'app-b', PROD, { failStop: true })]);
    const { card, summary } = await requestAndApprove(h, 'alibaba app-a,app-b --reason test');
    const failure = await waitForReply(h.slack, card, /app-b.*failed/);
    expect(failure.text).toMatch(/change order FAIL/);
    expect(failure.text).toContain(`instances of ${appId(2)} failed to stop (simulated)`);
    expect(summary.text).toMatch(/1\/2 stopped · 1 failed/);
    expect(JSON.stringify(summary.blocks)).toMatch(/app-b.*failed: change order FAIL/);
    expect(sae.calls('BatchStopApplications')).toBe(1);
    expect(sae.isStopped(appId(1))).toBe(true);
    expect(sae.isStopped(appId(2))).toBe(false);
  });

  it('an app that was never deployed is reported failed; its batch mates still stop', async () => {
    const { sae, h } = await start([
      app(1, 'app-a', PROD),
      app(2, 'app-b', PROD),
      app(3, 'app-new', PROD, { notDeployed: true }),
    ]);
    const { card, summary } = await requestAndApprove(h, 'alibaba app-a app-b app-new');
    const failure = await waitForReply(h.slack, card, /app-new.*failed/);
    expect(failure.text).toMatch(/has not been deployed/);
    expect(summary.text).toMatch(/2\/3 stopped · 1 failed/);
    expect(sae.isStopped(appId(1))).toBe(true);
    expect(sae.isStopped(appId(2))).toBe(true);
    expect(sae.stopRequestsFor(appId(1))).toBe(1);
    expect(sae.stopRequestsFor(appId(3))).toBe(0);
  });

  it('lists unknown and ambiguous names before anything is requested', async () => {
    const { sae, h } = await start([
      app(1, 'app-a', PROD),
      app(2, 'app-dup', PROD),
      app(3, 'app-dup', STAGING),
    ]);
    await h.driver.command('U0BOB', 'alibaba app-a,app-dup,ghost-app');
    await h.slack.waitFor(() => /Nothing was requested/.test(lastEphemeralText(h.slack, 'U0BOB')));
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/couldn't find this target:\n• `ghost-app`/);
    expect(text).toMatch(/`app-dup` matches 2 machines/);
    expect(text).toContain(appId(2));
    expect(text).toContain(appId(3));
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
    expect(sae.calls('ListApplications')).toBeGreaterThan(0);
    expect(sae.calls('BatchStopApplications') + sae.calls('StopApplication')).toBe(0);
  });

  it('accepts an AppId as the target and the sae alias', async () => {
    const { sae, h } = await start([app(1, 'app-a', PROD), app(2, 'app-b', PROD)]);
    const { summary } = await requestAndApprove(h, `sae ${appId(2)}`);
    expect(summary.text).toMatch(/1\/1 stopped/);
    expect(sae.calls('StopApplication')).toBe(1);
    expect(sae.isStopped(appId(1))).toBe(false);
  });
});
