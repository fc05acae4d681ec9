import { rmSync } from 'node:fs';
import { request } from 'undici';
import { afterEach, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { type Harness, startHarness } from '../helpers/bot-harness.js';
import { actionIdsOn, lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAll, dropPrefix } from '../helpers/cleanup.js';
import { HUAWEI_ENV, huaweiConfig, startEcs, uuid } from '../helpers/huawei-e2e.js';
import { REDIS_URL, uniqueBotPrefix } from '../helpers/redis.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { waitUntil } from '../helpers/wait-until.js';

let slack: FakeSlack | undefined;
let ecs: FakeEcs | undefined;
let bot: Harness | undefined;
let proxy: TcpProxy | undefined;
let prefix = '';
let dir = '';

afterEach(async () => {
  const [b, p, e, s, pre, d] = [bot, proxy, ecs, slack, prefix, dir];
  bot = undefined;
  proxy = undefined;
  ecs = undefined;
  slack = undefined;
  prefix = '';
  dir = '';
  await closeAll([
    () => b?.close(),
    () => p?.close(),
    () => e?.close(),
    () => s?.close(),
    () => dropPrefix(pre),
    () => d && rmSync(d, { recursive: true, force: true }),
  ]);
});

it('a click during a Redis outage gets an honest answer, and approval works once Redis is back', async () => {
  prefix = uniqueBotPrefix('outage');
  const redis = new URL(REDIS_URL);
  proxy = await startTcpProxy(redis.hostname, Number(redis.port || 6379));
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] } });
  ecs = await startEcs({ servers: 2, stopDelayMs: 200 });
  bot = await startHarness({
    // A short reconcile period: should the stop not be queued at the click, it is queued soon after.
    config: {
      ...huaweiConfig(ecs.url),
      redis: { prefix },
      jobs: { lockDuration: '1s', stalledInterval: '500ms', reconcileEvery: '1s' },
    },
    env: { ...HUAWEI_ENV, REDIS_URL: `redis://127.0.0.1:${proxy.port}` },
    fakeSlack: slack,
  });
  const fake = slack;
  const h = bot;
  await h.driver.command('U0BOB', 'huawei srv-1,srv-2 --reason outage');
  const card = await waitForCard(fake);
  const direct = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    const recorded = async () => (await direct.getRequest(requestIdOf(card)))?.card?.ts === card.ts;
    await waitUntil(recorded, 5_000, 'the card to be recorded');
  } finally {
    await direct.close();
  }

  await proxy.pause();
  const [click, command] = await Promise.all([
    h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts }),
    h.driver.command('U0DAVE', 'huawei srv-1'),
  ]);
  expect([click.status, command.status]).toEqual([200, 200]);
  await fake.waitFor(() => /state store/.test(lastEphemeralText(fake, 'U0ALICE')), 8_000, 'the click reply');
  expect(lastEphemeralText(fake, 'U0ALICE')).toMatch(
    /could not reach my state store.*nothing changed.*try again/i,
  );
  await fake.waitFor(() => /state store/.test(lastEphemeralText(fake, 'U0DAVE')), 8_000, 'the command reply');
  expect(lastEphemeralText(fake, 'U0DAVE')).toMatch(/could not reach my state store.*nothing was requested/i);
  expect(actionIdsOn(fake.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_approve');
  expect(ecs.calls('BatchStopServers')).toBe(0);

  await proxy.resume();
  const ready = async () => {
    const res = await request(`${h.url}/readyz`);
    await res.body.dump();
    return res.statusCode === 200;
  };
  await waitUntil(ready, 10_000, 'the bot to see Redis again');
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  const summary = await waitForReply(fake, card, /^Summary for SR-/);
  expect(summary.text).toMatch(/2\/2 stopped/);
  expect(ecs.calls('BatchStopServers')).toBe(1);
  for (const i of [1, 2]) expect(ecs.stopRequestsFor(uuid(i))).toBe(1);
});
