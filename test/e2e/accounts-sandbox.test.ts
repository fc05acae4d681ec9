import { afterEach, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAll, dropPrefix } from '../helpers/cleanup.js';
import { sampleValue, scrape } from '../helpers/prom-text.js';
import { REDIS_URL, uniqueBotPrefix } from '../helpers/redis.js';

/**
 * The sandbox configured twice (`sandbox` and `lab`), with the state in Redis:
 * the same machine IDs are two machines, `lab` has its own approver, and the
 * card, summary, status, audit and metrics all name the provider as configured.
 */
let bot: Harness | undefined;
let prefix = '';
afterEach(async () => {
  const b = bot;
  bot = undefined;
  await closeAll([() => b?.close(), () => dropPrefix(prefix)]);
});

const machines = [
  { id: 'vm-1', name: 'web-1' },
  { id: 'vm-2', name: 'web-2' },
];

it('two sandboxes: lab’s stop leaves sandbox’s machine of the same ID alone, and everything names lab', async () => {
  prefix = uniqueBotPrefix('accounts');
  bot = await startHarness({
    config: baseConfig({
      redis: { prefix },
      providers: {
        sandbox: { machines, stopDelay: '100ms' },
        lab: { cloud: 'sandbox', machines, stopDelay: '100ms', approvers: ['U0LAB'] },
      },
    }),
    env: { REDIS_URL },
  });
  const h = bot;
  await h.driver.command('U0BOB', 'lab web-1 --reason "lab drill"');
  const card = await waitForCard(h.slack);
  expect(card.text).toMatch(/1 machine on lab/);
  const id = requestIdOf(card);
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  await h.slack.waitFor(() => /on lab/.test(lastEphemeralText(h.slack, 'U0ALICE')), 5000, 'alice refused');
  await h.driver.click('U0LAB', { actionId: 'stop_approve', messageTs: card.ts });
  await waitForReply(h.slack, card, new RegExp(`^Summary for ${id} on lab: 1/1 stopped`));

  // The other sandbox still has its vm-1 running: a stop there is a new request that stops it.
  await h.driver.command('U0BOB', 'sandbox vm-1');
  const second = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
  expect(second.text).toMatch(/1 machine on Sandbox/);
  expect(JSON.stringify(second.blocks)).toContain('RUNNING');

  const store = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    const events = await store.readAudit(id);
    expect(events.find((e) => e.type === 'requested')).toMatchObject({
      detail: { provider: 'lab', targets: ['vm-1'] },
    });
    const calls = events.filter((e) => e.type === 'provider_call');
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) expect(call.detail).toMatchObject({ provider: 'lab' });
  } finally {
    await store.close();
  }
  const { samples } = await scrape(h.url);
  expect(sampleValue(samples, 'stopbot_targets_total', { provider: 'lab', outcome: 'stopped' })).toBe(1);
  expect(
    sampleValue(samples, 'stopbot_targets_total', { provider: 'sandbox', outcome: 'stopped' }),
  ).toBeUndefined();
});
