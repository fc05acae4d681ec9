import { afterEach, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { type Harness, startHarness } from '../helpers/bot-harness.js';
import { requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAll, dropPrefix } from '../helpers/cleanup.js';
import { HUAWEI_ENV, huaweiConfig, startEcs } from '../helpers/huawei-e2e.js';
import { REDIS_URL, uniqueBotPrefix } from '../helpers/redis.js';

/** Finding 4: refused clicks can't push a request's decisions out of its history. */
let slack: FakeSlack | undefined;
let ecs: FakeEcs | undefined;
let bot: Harness | undefined;
let prefix = '';
const FLOOD = 400;

afterEach(async () => {
  const [b, e, s] = [bot, ecs, slack];
  bot = undefined;
  ecs = undefined;
  slack = undefined;
  await closeAll([() => b?.close(), () => e?.close(), () => s?.close(), () => dropPrefix(prefix)]);
});

it(`${FLOOD} refused clicks leave "requested by" and "approved by" in the history, the rest counted`, async () => {
  prefix = uniqueBotPrefix('audit-flood');
  slack = await startFakeSlack({ userGroups: { S0ONCALL: [] } });
  ecs = await startEcs({ servers: 1, stopDelayMs: 200 });
  bot = await startHarness({
    config: { ...huaweiConfig(ecs.url), redis: { prefix } },
    env: { ...HUAWEI_ENV, REDIS_URL },
    fakeSlack: slack,
  });
  const h = bot;
  await h.driver.command('U0BOB', 'huawei srv-1 --reason "flooded"');
  const card = await waitForCard(slack);
  const id = requestIdOf(card);
  // Someone who may not approve clicks Approve again and again, and on a stale version too.
  for (let i = 0; i < FLOOD; i += 25) {
    await Promise.all(
      Array.from({ length: 25 }, (_, j) =>
        h.driver.click((i + j) % 2 ? 'U0MALLORY' : 'U0BOB', { actionId: 'stop_approve', messageTs: card.ts }),
      ),
    );
  }
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  await waitForReply(slack, card, /^Summary for SR-/);

  const store = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    const history = await store.history(id);
    const requested = history.events.find((e) => e.type === 'requested');
    expect(requested?.actor).toBe('U0BOB');
    const approved = history.events.find((e) => e.type === 'click_approve' && !e.refused);
    expect(approved?.actor).toBe('U0ALICE');
    expect(history.events.filter((e) => e.refused)).toHaveLength(20);
    const counted = Object.values(history.refusedNotKept).reduce((a, b) => a + b, 0);
    expect(counted).toBe(FLOOD - 20);
    expect(Object.keys(history.refusedNotKept).every((k) => k.startsWith('click_approve:'))).toBe(true);
  } finally {
    await store.close();
  }
}, 60_000);
