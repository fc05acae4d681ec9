import { afterEach, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { type Harness, startHarness } from '../helpers/bot-harness.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAll, dropPrefix } from '../helpers/cleanup.js';
import { HUAWEI_ENV, huaweiConfig, startEcs, uuid } from '../helpers/huawei-e2e.js';
import { REDIS_URL, requestWorkDone, uniqueBotPrefix } from '../helpers/redis.js';
import { waitUntil } from '../helpers/wait-until.js';

/** Slack resends what it thinks we missed (X-Slack-Retry-Num); two in-process bots share one Redis. */

let slack: FakeSlack | undefined;
let ecs: FakeEcs | undefined;
let bots: Harness[] = [];
let prefix = '';

afterEach(async () => {
  const [all, e, s] = [bots, ecs, slack];
  bots = [];
  ecs = undefined;
  slack = undefined;
  await closeAll([
    ...all.map((b) => () => b.close()),
    () => e?.close(),
    () => s?.close(),
    () => dropPrefix(prefix),
  ]);
});

/**
 * Past the point where a duplicate could still appear: both bots stopped, which finishes
 * every command and click they had in hand (their shutdown drains that work).
 */
async function stopBoth(): Promise<void> {
  const all = bots;
  bots = [];
  for (const b of all) await b.close();
}

async function twoBots() {
  prefix = uniqueBotPrefix('redelivery');
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] } });
  ecs = await startEcs({ servers: 2, stopDelayMs: 200 });
  const config = { ...huaweiConfig(ecs.url), redis: { prefix } };
  const env = { ...HUAWEI_ENV, REDIS_URL };
  for (let i = 0; i < 2; i++) bots.push(await startHarness({ config, env, fakeSlack: slack }));
  const [a, b] = bots;
  if (!a || !b) throw new Error('two bots');
  return { slack, ecs, a, b };
}

const cards = (slack: FakeSlack) =>
  slack.channelMessages(DEFAULT_CHANNEL).filter((m) => !m.threadTs && /^Stop request SR-/.test(m.text));

it('a redelivered slash command makes one request and one card', async () => {
  const { slack, ecs, a, b } = await twoBots();
  const first = await a.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason redelivered');
  const [again, third] = await Promise.all([a.driver.redeliver(first, 1), b.driver.redeliver(first, 2)]);
  expect([first.status, again.status, third.status]).toEqual([200, 200, 200]);
  const card = await waitForCard(slack);
  await stopBoth();
  expect(cards(slack)).toHaveLength(1);
  const store = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    expect(await store.listActive()).toEqual([requestIdOf(card)]);
  } finally {
    await store.close();
  }
  expect(ecs.calls('BatchStopServers')).toBe(0);
});

it('a redelivered Approve click makes one decision and one stop', async () => {
  const { slack, ecs, a, b } = await twoBots();
  await a.driver.command('U0BOB', 'huawei srv-1,srv-2');
  const card = await waitForCard(slack);
  const click = await a.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  await Promise.all([
    b.driver.redeliver(click, 1),
    a.driver.redeliver(click, 2),
    b.driver.redeliver(click, 3),
  ]);

  const summary = await waitForReply(slack, card, /^Summary for SR-/);
  expect(summary.text).toMatch(/2\/2 stopped/);
  await waitUntil(() => requestWorkDone(prefix, requestIdOf(card)), 10_000, 'no stop or tracking job left');
  expect(ecs.calls('BatchStopServers')).toBe(1);
  for (const i of [1, 2]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);
  const history = slack.message(DEFAULT_CHANNEL, card.ts)?.history ?? [];
  expect(history.filter((v) => / — approved$/.test(v.text))).toHaveLength(1);

  const store = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    const clicks = (await store.readAudit(requestIdOf(card))).filter((e) => e.type === 'click_approve');
    expect(clicks.map((e) => [e.detail?.allowed, e.detail?.retry ?? 0]).sort()).toEqual([
      [false, 1],
      [false, 2],
      [false, 3],
      [true, 0],
    ]);
  } finally {
    await store.close();
  }
  // The redeliveries were told, in plain words, that the click already counted (and nothing else).
  await stopBoth();
  expect(slack.thread(DEFAULT_CHANNEL, card.ts).filter((m) => /^Summary for SR-/.test(m.text))).toHaveLength(
    1,
  );
  await slack.waitFor(
    () =>
      slack.ephemeralsFor('U0ALICE').filter((e) => /already approved by <@U0ALICE>/.test(e.text)).length ===
      3,
  );
});
