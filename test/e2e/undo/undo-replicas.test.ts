import { afterEach, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../../fakes/slack/world.js';
import { actionIdsOn, requestIdOf, waitForCard, waitForReply } from '../../helpers/cards.js';
import { type ReplicaWorld, startReplicaWorld, uuid } from '../../helpers/huawei-e2e.js';
import { waitForStartCard } from '../../helpers/undo-world.js';

const APPROVERS = ['U0CAROL', 'U0DAVE', 'U0ERIN'];

let world: ReplicaWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('two replicas: Start again clicked on both, then 20 concurrent Approve clicks → one start request, one start call per server', async () => {
  world = await startReplicaWorld(2, { stopDelayMs: 300, servers: 3, oncall: APPROVERS });
  const { slack, ecs, set } = world;
  const [a, b] = set.replicas;
  if (!a || !b) throw new Error('two replicas');

  await a.driver.command('U0BOB', 'huawei srv-1,srv-2,srv-3 --reason "cpu miner found"');
  const stopCard = await waitForCard(slack);
  await b.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: stopCard.ts });
  const stopSummary = await waitForReply(slack, stopCard, /^Summary for SR-.*3\/3 stopped/);

  await slack.waitFor(
    () => actionIdsOn(slack.message(DEFAULT_CHANNEL, stopCard.ts)).includes('stop_undo'),
    10_000,
    'Start again on the finished card',
  );
  // Start again, clicked at once on both replicas (summary and card): one start request.
  await Promise.all([
    a.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: stopSummary.ts }),
    b.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: stopCard.ts }),
  ]);
  const card = await waitForStartCard(slack);
  const startId = requestIdOf(card);
  await slack.waitFor(
    () =>
      slack.ephemerals.some(
        (e) => e.user === 'U0BOB' && e.text.includes(`already has a start request: *${startId}*`),
      ),
    10_000,
    'the second Start again click told the existing ID',
  );

  // 20 Approve clicks from three approvers, alternating replicas, all at once.
  const clicks = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      (i % 2 === 0 ? a : b).driver.click(APPROVERS[i % APPROVERS.length] ?? 'U0CAROL', {
        actionId: 'stop_approve',
        messageTs: card.ts,
      }),
    ),
  );
  for (const c of clicks) expect(c.status).toBe(200);
  const summary = await waitForReply(slack, card, /^Summary for SR-/, 20_000);
  expect(summary.text).toMatch(/3\/3 running/);
  // Wait past the point where a duplicate start would have arrived, then count.
  await sleep(1_000);
  expect(ecs.calls('BatchStartServers')).toBe(1);
  for (const i of [1, 2, 3]) {
    expect(ecs.startRequestsFor(uuid(i))).toBe(1);
    expect(ecs.isRunning(uuid(i))).toBe(true);
  }
  const starts = slack
    .channelMessages(DEFAULT_CHANNEL)
    .filter((m) => !m.threadTs && /^Start request/.test(m.text));
  expect(starts).toHaveLength(1);
  const summaries = slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for SR-/.test(m.text));
  expect(summaries).toHaveLength(1);
});
