import { afterEach, expect, it } from 'vitest';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { waitForCard, waitForReply } from '../helpers/cards.js';
import { HUAWEI_ENV, huaweiConfig, startEcs, uuid } from '../helpers/huawei-e2e.js';
import { type Replica, type ReplicaSet, startReplicas } from '../helpers/replicas.js';
import { waitUntil } from '../helpers/wait-until.js';

/**
 * A replica SIGKILLed after it claimed "post the summary" and before the post
 * reached Slack: the claim is a lease, so once it runs out another replica
 * posts the summary, once.
 */

let slack: FakeSlack | undefined;
let ecs: FakeEcs | undefined;
let set: ReplicaSet | undefined;

afterEach(async () => {
  await set?.close();
  await ecs?.close();
  await slack?.close();
  set = ecs = slack = undefined;
});

const isSummary = (args: Record<string, unknown>) => /^Summary for SR-/.test(String(args['text'] ?? ''));
const claimed = (r: Replica) => r.logged('summary claimed').length > 0;

it('the summary is posted by another replica when the one that claimed it dies before posting', async () => {
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] } });
  ecs = await startEcs({ servers: 2, stopDelayMs: 300 });
  set = await startReplicas(2, {
    fakeSlack: slack,
    config: huaweiConfig(ecs.url, {
      tracking: { pollInterval: '300ms', timeout: '5m' },
      jobs: { lockDuration: '1s', stalledInterval: '500ms', reconcileEvery: '1m', summaryLease: '2s' },
    }),
    env: HUAWEI_ENV,
  });
  const [a, b] = set.replicas;
  if (!a || !b) throw new Error('two replicas');
  const fake = slack;
  // The summary post is held long enough to kill the replica that sent it; its
  // connection then closes and the fake drops the post unseen. (15 s: on a loaded machine the kill can
  // come seconds after the claim; a hold that ran out first would let the post through.)
  fake.holdNext('chat.postMessage', isSummary, 15_000);

  await a.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason "lease drill"');
  const card = await waitForCard(fake);
  await b.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  let victim: Replica | undefined;
  await waitUntil(
    () => {
      victim = set?.replicas.find(claimed);
      return victim !== undefined;
    },
    20_000,
    'a replica to claim the summary',
  );
  if (!victim) throw new Error('no victim');
  await victim.kill('SIGKILL');
  const survivor = victim === a ? b : a;
  expect(claimed(survivor)).toBe(false);

  const summary = await waitForReply(fake, card, /^Summary for SR-/, 20_000);
  expect(summary.text).toMatch(/2\/2 stopped/);
  expect(claimed(survivor)).toBe(true);
  // Past the point where a second post would have come.
  await new Promise((resolve) => setTimeout(resolve, 2_500));
  const summaries = fake.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for SR-/.test(m.text));
  expect(summaries).toHaveLength(1);
  for (const i of [1, 2]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);
}, 60_000);
