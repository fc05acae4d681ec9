import { afterEach, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { type ReplicaWorld, startReplicaWorld, uuid } from '../helpers/huawei-e2e.js';
import { REDIS_URL, requestWorkDone } from '../helpers/redis.js';
import type { DriverResult } from '../helpers/slack-driver.js';
import { waitUntil } from '../helpers/wait-until.js';

const APPROVERS = ['U0ALICE', 'U0CAROL', 'U0DAVE', 'U0ERIN'];

let world: ReplicaWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('20 concurrent Approve clicks across two replicas, plus 6 redeliveries: one decision, one stop per server, one summary', async () => {
  world = await startReplicaWorld(2, {
    stopDelayMs: 500,
    servers: 3,
    oncall: ['U0CAROL', 'U0DAVE', 'U0ERIN'],
  });
  const { slack, ecs, set } = world;
  const [a, b] = set.replicas;
  if (!a || !b) throw new Error('two replicas');

  await a.driver.command('U0BOB', 'huawei srv-1,srv-2,srv-3 --reason "cpu miner found"');
  const card = await waitForCard(slack);
  const id = requestIdOf(card);

  // 20 concurrent first deliveries from 4 approvers, alternating replicas; 6 of them are then
  // redelivered (X-Slack-Retry-Num: 1) to the other replica while the rest are in flight.
  const fake = slack;
  const deliveries = await Promise.all(
    Array.from({ length: 20 }, async (_, i) => {
      const [to, other] = i % 2 === 0 ? [a, b] : [b, a];
      const user = APPROVERS[i % APPROVERS.length] ?? 'U0ALICE';
      const first = await to.driver.click(user, { actionId: 'stop_approve', messageTs: card.ts });
      const again: DriverResult[] = i < 6 ? [await other.driver.redeliver(first, 1)] : [];
      return [first, ...again];
    }),
  );
  const all = deliveries.flat();
  expect(all).toHaveLength(26);
  for (const d of all) expect(d.status).toBe(200);

  const summary = await waitForReply(fake, card, /^Summary for SR-/);
  expect(summary.text).toMatch(/3\/3 stopped/);

  // Exactly one stop call and one stop per server.
  expect(ecs.calls('BatchStopServers')).toBe(1);
  for (const i of [1, 2, 3]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);

  // One approval on the card: one winner, and exactly one edit into the approved state.
  const shown = fake.message(DEFAULT_CHANNEL, card.ts);
  const winner = /Approved by <@(U0[A-Z]+)>/.exec(JSON.stringify(shown?.blocks))?.[1];
  expect(APPROVERS).toContain(winner);
  const approvedVersions = (shown?.history ?? []).filter((v) => / — approved$/.test(v.text));
  expect(approvedVersions).toHaveLength(1);

  // Every other delivery was told who won; nobody was told anything else.
  const already = new RegExp(`already approved by <@${winner}>`);
  await fake.waitFor(
    () => fake.ephemerals.filter((e) => already.test(e.text)).length === 25,
    15_000,
    '25 "already approved" replies',
  );
  const clickReplies = fake.ephemerals.filter((e) => APPROVERS.includes(e.user));
  expect(clickReplies.filter((e) => !already.test(e.text))).toEqual([]);

  // A duplicate summary could only come from a job still queued or running: wait until none is left.
  await waitUntil(() => requestWorkDone(set.prefix, id), 20_000, 'no stop or tracking job left');
  expect(fake.ephemerals.filter((e) => already.test(e.text))).toHaveLength(25);
  const summaries = fake.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for SR-/.test(m.text));
  expect(summaries).toHaveLength(1);
  expect(ecs.calls('BatchStopServers')).toBe(1);

  // The audit trail holds one winning click and 25 refused ones (the first 20 refused as
  // entries, the rest counted by reason).
  const store = createRedisStore({ redis: REDIS_URL, prefix: set.prefix });
  try {
    const history = await store.history(id);
    const clicks = history.events.filter((e) => e.type === 'click_approve');
    expect(clicks.filter((e) => e.detail?.allowed === true)).toEqual([
      expect.objectContaining({ actor: winner }),
    ]);
    const keptRefused = clicks.filter((e) => e.detail?.reason === 'already_decided').length;
    const countedRefused = history.refusedNotKept['click_approve:already_decided'] ?? 0;
    expect(keptRefused + countedRefused).toBe(25);
    expect(clicks.length + countedRefused).toBe(26);
    expect(clicks.filter((e) => e.detail?.retry === 1).length).toBeLessThanOrEqual(6);
  } finally {
    await store.close();
  }
});
