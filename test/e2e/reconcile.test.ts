import { Queue } from 'bullmq';
import { afterEach, expect, it } from 'vitest';
import { createRedisKeys } from '../../src/approvals/redis-keys.js';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { type Harness, startHarness } from '../helpers/bot-harness.js';
import { controlsOn, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAll, dropPrefix } from '../helpers/cleanup.js';
import { HUAWEI_ENV, huaweiConfig, startEcs, uuid } from '../helpers/huawei-e2e.js';
import { REDIS_URL, uniqueBotPrefix } from '../helpers/redis.js';
import { waitUntil } from '../helpers/wait-until.js';

/** Work a dead replica left behind is picked up by the reconciler (at start, and on its timer). */

let slack: FakeSlack | undefined;
let ecs: FakeEcs | undefined;
let bot: Harness | undefined;
let queue: Queue | undefined;
let prefix = '';

afterEach(async () => {
  const [q, b, e, s] = [queue, bot, ecs, slack];
  queue = undefined;
  bot = undefined;
  ecs = undefined;
  slack = undefined;
  await closeAll([
    () => q?.close(),
    () => b?.close(),
    () => e?.close(),
    () => s?.close(),
    () => dropPrefix(prefix),
  ]);
});

async function world(extra: Record<string, unknown> = {}) {
  prefix = uniqueBotPrefix('reconcile');
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] } });
  ecs = await startEcs({ servers: 2, stopDelayMs: 200 });
  const config = { ...huaweiConfig(ecs.url), redis: { prefix }, ...extra };
  const env = { ...HUAWEI_ENV, REDIS_URL };
  const start = async () => {
    bot = await startHarness({ config, env, fakeSlack: slack });
    return bot;
  };
  queue = new Queue('stopbot', { connection: { url: REDIS_URL }, prefix: createRedisKeys(prefix).bullmq });
  return { slack, ecs, start, queue };
}

it('a request approved by a replica that died before queuing the stop is stopped by the next one to start', async () => {
  const { slack, ecs, start } = await world();
  const first = await start();
  await first.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason lost approval');
  const card = await waitForCard(slack);
  const id = requestIdOf(card);
  await first.close();
  bot = undefined;

  // The atomic approve happened; the replica died before anything else.
  const store = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    // The approver clicked the card as posted: the version it showed.
    const seenVersion = (await store.getRequest(id))?.version;
    const decided = await store.decide(id, {
      action: 'approve',
      user: 'U0ALICE',
      at: Date.now(),
      allowed: true,
      selfApproval: false,
      seenVersion,
    });
    expect(decided.ok).toBe(true);
  } finally {
    await store.close();
  }
  expect(ecs.calls('BatchStopServers')).toBe(0);

  await start();
  const summary = await waitForReply(slack, card, /^Summary for SR-/);
  expect(summary.text).toMatch(/2\/2 stopped/);
  expect(ecs.calls('BatchStopServers')).toBe(1);
  for (const i of [1, 2]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);
  await slack.waitFor(
    () => controlsOn(slack.message(DEFAULT_CHANNEL, card.ts)).length === 0,
    5_000,
    'the card to lose its buttons',
  );
});

it('a tracking chain whose next round was lost is started again on the reconciler timer', async () => {
  const { slack, ecs, start, queue } = await world({
    tracking: { pollInterval: '1500ms', timeout: '30s' },
    jobs: { lockDuration: '1s', stalledInterval: '500ms', reconcileEvery: '300ms' },
  });
  const h = await start();
  await h.driver.command('U0BOB', 'huawei srv-1,srv-2');
  const card = await waitForCard(slack);
  const id = requestIdOf(card);
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });

  // The stop is in; tracking round 1 waits in the queue. Lose it.
  const round1 = `track-${id}-1`;
  await waitUntil(async () => (await queue.getJob(round1))?.isDelayed() ?? false, 5_000, 'round 1 queued');
  await queue.remove(round1);
  expect(await queue.getJob(round1)).toBeUndefined();

  const summary = await waitForReply(slack, card, /^Summary for SR-/);
  expect(summary.text).toMatch(/2\/2 stopped/);
  expect(ecs.calls('BatchStopServers')).toBe(1);
  expect(slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary/.test(m.text))).toHaveLength(1);
});

it('a pending request whose expiry job was lost is expired by the reconciler', async () => {
  const { slack, ecs, start, queue } = await world({
    approvals: { approvers: ['U0ALICE'], expiresIn: '1s', groupCacheTtl: 0 },
    jobs: { lockDuration: '1s', stalledInterval: '500ms', reconcileEvery: '300ms' },
  });
  const h = await start();
  await h.driver.command('U0BOB', 'huawei srv-1');
  const card = await waitForCard(slack);
  const expireJob = `expire-${requestIdOf(card)}`;
  await waitUntil(async () => (await queue.getJob(expireJob)) !== undefined, 5_000, 'the expiry job');
  await queue.remove(expireJob);

  await slack.waitFor(
    () => /Expired/.test(JSON.stringify(slack.message(DEFAULT_CHANNEL, card.ts)?.blocks)),
    5_000,
    'the card to say expired',
  );
  expect(controlsOn(slack.message(DEFAULT_CHANNEL, card.ts))).toEqual([]);
  expect(ecs.calls('BatchStopServers')).toBe(0);
});
