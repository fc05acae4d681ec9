import { afterEach, expect, it } from 'vitest';
import { appId, REGION, TEST_KEY_ID, TEST_SECRET } from '../fakes/alibaba/harness.js';
import type { FakeAppSeed } from '../fakes/alibaba/model.js';
import { type FakeSae, startFakeSae } from '../fakes/alibaba/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig } from '../helpers/bot-harness.js';
import { waitForReply } from '../helpers/cards.js';
import { type ReplicaSet, startReplicas } from '../helpers/replicas.js';

/**
 * SAE allows so many calls a minute per account, counted at its gateway. Two
 * replicas share one limiter through Redis, so together they never go over it
 * (with a limiter per process they would send twice the limit).
 * The limit and window are made small so the test runs in seconds.
 */

const LIMIT = 6;
let slack: FakeSlack | undefined;
let sae: FakeSae | undefined;
let set: ReplicaSet | undefined;

afterEach(async () => {
  await set?.close();
  await sae?.close();
  await slack?.close();
  set = sae = slack = undefined;
});

const app = (i: number): FakeAppSeed => ({
  appId: appId(i),
  appName: `app-${i}`,
  namespaceId: `${REGION}:ns${i}`,
  state: 'running',
});

it('two replicas against SAE with its limit enforced: never over the limit, and the work completes', async () => {
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] } });
  sae = await startFakeSae({
    region: REGION,
    accounts: { [TEST_KEY_ID]: TEST_SECRET },
    apps: Array.from({ length: 6 }, (_, i) => app(i + 1)),
    stopDelayMs: 300,
    callsPerMinute: LIMIT,
    rateWindowMs: 1_500,
  });
  set = await startReplicas(2, {
    fakeSlack: slack,
    config: baseConfig({
      providers: {
        // The bot's window is longer than the gateway's (as SAE_WINDOW_MS is for the real one), with room for a loaded machine.
        alibaba: {
          region: REGION,
          endpoint: sae.url,
          callsPerMinute: LIMIT,
          rateWindow: '2500ms',
          timeout: '5s',
        },
      },
      tracking: { pollInterval: '300ms', timeout: '5m' },
    }),
    env: { ALIBABA_CLOUD_ACCESS_KEY_ID: TEST_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET: TEST_SECRET },
  });
  const [a, b] = set.replicas;
  if (!a || !b) throw new Error('two replicas');
  const fake = slack;

  // Both replicas resolve their request against SAE at the same time.
  await Promise.all([
    a.driver.command('U0BOB', 'alibaba app-1,app-2,app-3 --reason "shared limit"'),
    b.driver.command('U0BOB', 'alibaba app-4,app-5,app-6 --reason "shared limit"'),
  ]);
  const cards = await fake.waitFor(
    () => {
      const found = fake.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request SR-/.test(m.text));
      return found.length === 2 ? found : undefined;
    },
    30_000,
    'two request cards',
  );
  await Promise.all(
    cards.map((card, i) =>
      (i === 0 ? b : a).driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts }),
    ),
  );
  for (const card of cards) {
    const summary = await waitForReply(fake, card, /^Summary for SR-/, 90_000);
    expect(summary.text).toMatch(/3\/3 stopped/);
  }
  // The limit mattered (more calls than one window allows) and was never exceeded.
  expect(sae.calls()).toBeGreaterThan(2 * LIMIT);
  expect(sae.rateLimited()).toBe(0);
  for (let i = 1; i <= 6; i++) expect(sae.stopRequestsFor(appId(i))).toBe(1);
}, 200_000);
