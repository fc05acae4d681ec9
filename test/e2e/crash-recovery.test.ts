import { afterEach, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { type ReplicaWorld, startReplicaWorld, uuid } from '../helpers/huawei-e2e.js';
import { requestWorkDone } from '../helpers/redis.js';
import type { Replica } from '../helpers/replicas.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * SIGKILL the process running a request's tracking round. With Redis the round is a
 * BullMQ job; its lock runs out (lockDuration 1 s here) and the other replica takes it.
 */

let world: ReplicaWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Track jobs of this request that `replica` has started, in order. */
const trackJobs = (replica: Replica, id: string) =>
  replica
    .logged('job started')
    .map((v) => String(v.id))
    .filter((jobId) => jobId.startsWith(`track-${id}-`));

const summariesOf = (slack: FakeSlack, ts: string) =>
  slack.thread(DEFAULT_CHANNEL, ts).filter((m) => /^Summary for SR-/.test(m.text));

it('the other replica finishes tracking after the one running a track round is SIGKILLed', async () => {
  world = await startReplicaWorld(2, { stopDelayMs: 3_000, servers: 2, oncall: ['U0CAROL'] });
  const { slack, ecs, set } = world;
  const [a, b] = set.replicas;
  if (!a || !b) throw new Error('two replicas');
  await a.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason crash test');
  const card = await waitForCard(slack);
  const id = requestIdOf(card);
  await a.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });

  // Tracking has begun: the fake has seen ShowJob. Then hold every answer back, so the
  // next track round holds its job until its replica is killed, however loaded the machine.
  await waitUntil(() => ecs.calls('ShowJob') > 0, 10_000, 'the first tracking round');
  ecs.setLatency(600_000);
  const seen = new Map(set.replicas.map((r) => [r, trackJobs(r, id).length]));
  let victim: Replica | undefined;
  await waitUntil(
    () => {
      victim = set.replicas.find((r) => trackJobs(r, id).length > (seen.get(r) ?? 0));
      return victim !== undefined;
    },
    5_000,
    'a replica to start a slow track round',
  );
  if (!victim) throw new Error('no victim');
  const killedJob = trackJobs(victim, id).at(-1);
  await victim.kill('SIGKILL');
  ecs.setLatency(0);
  expect(summariesOf(slack, card.ts)).toHaveLength(0);
  const survivor = victim === a ? b : a;

  // The survivor finds the dead replica's job stalled, runs it, and finishes the request.
  const summary = await waitForReply(slack, card, /^Summary for SR-/, 12_000);
  expect(summary.text).toMatch(/2\/2 stopped/);
  expect(survivor.logged('job stalled; handed to another worker').map((v) => v.id)).toContain(killedJob);
  expect(trackJobs(survivor, id)).toContain(killedJob);

  // A duplicate summary could only come from a stop or tracking job still queued or running.
  await waitUntil(() => requestWorkDone(set.prefix, id), 20_000, 'no stop or tracking job left');
  expect(summariesOf(slack, card.ts)).toHaveLength(1);
  expect(ecs.calls('BatchStopServers')).toBe(1);
  for (const i of [1, 2]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);
}, 60_000);
