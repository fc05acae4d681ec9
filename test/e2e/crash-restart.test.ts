import { afterEach, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { type ReplicaWorld, startReplicaWorld, uuid } from '../helpers/huawei-e2e.js';
import { waitUntil } from '../helpers/wait-until.js';

/** The only replica dies in the middle of the stop call; a freshly started one finishes the request. */

let world: ReplicaWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

it('a restarted replica re-checks a stop cut off mid-call, finds the servers powering off, and stops nothing twice', async () => {
  // The fake cloud's clock: servers take a minute to power off, until the test moves time on.
  let ahead = 0;
  world = await startReplicaWorld(1, {
    stopDelayMs: 60_000,
    servers: 2,
    oncall: ['U0CAROL'],
    now: () => Date.now() + ahead,
  });
  const { slack, ecs, set } = world;
  const [a] = set.replicas;
  if (!a) throw new Error('one replica');
  await a.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason crash test');
  const card = await waitForCard(slack);
  const id = requestIdOf(card);
  // The stop call reaches the cloud, which acts on it, but its answer is held back…
  ecs.setLatency(60_000);
  await a.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
  await waitUntil(() => ecs.calls('BatchStopServers') === 1, 10_000, 'the stop call');
  // …and the only replica dies before reading it: both targets stay "submitting".
  await a.kill('SIGKILL');
  ecs.setLatency(0);

  const b = await set.spawn('replica-restarted');
  // The resumed stop job reads status while both servers are still powering off…
  await waitUntil(
    () => b.logged('stop submitted').some((l) => l.requestId === id),
    20_000,
    'the resumed stop job',
  );
  for (const i of [1, 2]) expect(ecs.isStopped(uuid(i))).toBe(false);
  // …and counts "powering off" as the stop having taken hold: no second stop call.
  expect(ecs.calls('BatchStopServers')).toBe(1);
  // Now let the servers finish powering off.
  ahead = 120_000;
  const summary = await waitForReply(slack, card, /^Summary for SR-/, 15_000);
  expect(summary.text).toMatch(/2\/2 stopped/);
  expect(b.startedJob(`stop-${id}`)).toBe(true);
  expect(ecs.calls('BatchStopServers')).toBe(1);
  for (const i of [1, 2]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);
  const summaries = slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for SR-/.test(m.text));
  expect(summaries).toHaveLength(1);
}, 60_000);
