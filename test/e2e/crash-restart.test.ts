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

it('a restarted replica re-checks a stop cut off mid-call and stops nothing twice', async () => {
  world = await startReplicaWorld(1, { stopDelayMs: 1_000, servers: 2, oncall: ['U0CAROL'] });
  const { slack, ecs, set } = world;
  const [a] = set.replicas;
  if (!a) throw new Error('one replica');
  await a.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason crash test');
  const card = await waitForCard(slack);
  // The stop call reaches the cloud, which acts on it, but its answer is held back…
  ecs.setLatency(2_000);
  await a.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
  await waitUntil(() => ecs.calls('BatchStopServers') === 1, 5_000, 'the stop call');
  // …and the only replica dies before reading it: both targets stay "submitting".
  await a.kill('SIGKILL');
  ecs.setLatency(0);

  const b = await set.spawn('replica-restarted');
  const summary = await waitForReply(slack, card, /^Summary for SR-/, 12_000);
  expect(summary.text).toMatch(/2\/2 stopped/);
  expect(b.startedJob(`stop-${requestIdOf(card)}`)).toBe(true);
  expect(ecs.calls('BatchStopServers')).toBe(1);
  for (const i of [1, 2]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);
  const summaries = slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for SR-/.test(m.text));
  expect(summaries).toHaveLength(1);
});
