import { afterEach, expect, it } from 'vitest';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { HUAWEI_ENV, huaweiConfig, startEcs, uuid } from '../helpers/huawei-e2e.js';
import { type ReplicaSet, startReplicas } from '../helpers/replicas.js';
import { type SentinelSet, startSentinelSet } from '../helpers/sentinel-set.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * A real Sentinel set (primary, replica, three sentinels), two bot replicas, a
 * 300-server stop, and the Redis primary SIGKILLed the moment the stop call
 * reaches the cloud. The claims were confirmed by the replica before the call,
 * so after the failover nothing is stopped twice, and what the cloud did is
 * recorded once the new primary answers.
 */

const N = 300;
let sentinel: SentinelSet | undefined;
let slack: FakeSlack | undefined;
let ecs: FakeEcs | undefined;
let set: ReplicaSet | undefined;

afterEach(async () => {
  await set?.close();
  await ecs?.close();
  await slack?.close();
  await sentinel?.close();
  set = ecs = slack = sentinel = undefined;
});

const summariesOf = (fake: FakeSlack, ts: string) =>
  fake.thread(DEFAULT_CHANNEL, ts).filter((m) => /^Summary for SR-/.test(m.text));

async function readyStatus(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(3_000) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

it('the primary dies right after the first stop call: every server stopped once, one summary, new requests work', async () => {
  sentinel = await startSentinelSet();
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] } });
  ecs = await startEcs({ servers: N + 1, stopDelayMs: 1_500 });
  set = await startReplicas(2, {
    fakeSlack: slack,
    config: huaweiConfig(ecs.url, { tracking: { pollInterval: '500ms', timeout: '5m' } }),
    env: { ...HUAWEI_ENV, REDIS_SENTINELS: sentinel.sentinels, REDIS_SENTINEL_NAME: sentinel.name },
  });
  const [a, b] = set.replicas;
  if (!a || !b) throw new Error('two replicas');
  const fake = slack;
  const cloud = ecs;

  const names = Array.from({ length: N }, (_, i) => `srv-${i + 1}`).join(',');
  await a.driver.command('U0BOB', `huawei ${names} --reason "failover drill"`);
  const card = await waitForCard(fake);
  requestIdOf(card);
  // The cloud answers slowly, so the primary is gone before the bot records the answer.
  cloud.setLatency(400);
  await b.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  await waitUntil(() => cloud.calls('BatchStopServers') > 0, 20_000, 'the first stop call');
  const oldPort = await sentinel.killPrimary();

  // /readyz tells the load balancer while the store is away, and recovers by itself.
  await waitUntil(async () => (await readyStatus(a.url)) === 503, 10_000, '/readyz to report the outage');
  await sentinel.waitForFailover(oldPort);
  for (const r of [a, b])
    await waitUntil(async () => (await readyStatus(r.url)) === 200, 20_000, '/readyz to recover');
  cloud.setLatency(0);

  const summary = await waitForReply(fake, card, /^Summary for SR-/, 60_000);
  expect(summary.text).toMatch(new RegExp(`${N}/${N} stopped`));
  expect(summary.text).not.toMatch(/not reachable|failed/);
  for (let i = 1; i <= N; i++) expect(cloud.stopRequestsFor(uuid(i))).toBe(1);
  expect(cloud.calls('BatchStopServers')).toBe(1);

  // New requests work on the new primary, through either replica.
  await b.driver.command('U0BOB', `huawei srv-${N + 1} --reason "after the failover"`);
  const card2 = await waitForCard(fake, DEFAULT_CHANNEL, 1);
  await a.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card2.ts });
  const summary2 = await waitForReply(fake, card2, /^Summary for SR-/, 30_000);
  expect(summary2.text).toMatch(/1\/1 stopped/);

  // Past the point where a duplicate would have come: still one of each.
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(summariesOf(fake, card.ts)).toHaveLength(1);
  expect(summariesOf(fake, card2.ts)).toHaveLength(1);
  for (let i = 1; i <= N + 1; i++) expect(cloud.stopRequestsFor(uuid(i))).toBe(1);
}, 150_000);
