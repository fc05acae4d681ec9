import { afterEach, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { AuditEvent } from '../../src/approvals/types.js';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAll, dropPrefix } from '../helpers/cleanup.js';
import { HUAWEI_ENV, huaweiConfig, startEcs, uuid } from '../helpers/huawei-e2e.js';
import { REDIS_URL, uniqueBotPrefix } from '../helpers/redis.js';

let slack: FakeSlack | undefined;
let ecs: FakeEcs | undefined;
let bot: Harness | undefined;
let prefix = '';

afterEach(async () => {
  const [b, e, s] = [bot, ecs, slack];
  bot = undefined;
  ecs = undefined;
  slack = undefined;
  await closeAll([() => b?.close(), () => e?.close(), () => s?.close(), () => dropPrefix(prefix)]);
});

const ofType = (events: AuditEvent[], type: string) => events.filter((e) => e.type === type);

it('keeps a full audit trail in Redis, and another replica answers /stop status from it', async () => {
  prefix = uniqueBotPrefix('audit');
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL', 'U0DAVE'] } });
  ecs = await startEcs({ servers: 2, stopDelayMs: 300 });
  const config = { ...huaweiConfig(ecs.url), redis: { prefix } };
  const env = { ...HUAWEI_ENV, REDIS_URL };
  bot = await startHarness({ config, env, fakeSlack: slack });
  const fake = slack;

  await bot.driver.command('U0CAROL', 'huawei srv-1,srv-2 --reason "audit me"');
  const card = await waitForCard(fake);
  const id = requestIdOf(card);
  await bot.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
  await fake.waitFor(() => /yourself/.test(lastEphemeralText(fake, 'U0CAROL')), 20_000, 'self');
  await bot.driver.click('U0MALLORY', { actionId: 'stop_approve', messageTs: card.ts });
  await fake.waitFor(() => /not an approver/.test(lastEphemeralText(fake, 'U0MALLORY')), 20_000, 'mallory');
  await bot.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  await waitForReply(fake, card, /^Summary for SR-.*2\/2 stopped/);
  await bot.driver.click('U0DAVE', { actionId: 'stop_approve', messageTs: card.ts });
  await fake.waitFor(
    () => /already approved by <@U0ALICE>/.test(lastEphemeralText(fake, 'U0DAVE')),
    5_000,
    'dave',
  );

  const store = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    const events = await store.readAudit(id);
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('requested');
    expect(ofType(events, 'requested')[0]).toMatchObject({
      actor: 'U0CAROL',
      detail: { provider: 'huawei', targets: [uuid(1), uuid(2)], reason: 'audit me', mode: 'SOFT' },
    });
    const clicks = ofType(events, 'click_approve').map((e) => [e.actor, e.detail?.allowed, e.detail?.reason]);
    expect(clicks).toEqual([
      ['U0CAROL', false, 'self_approval'],
      ['U0MALLORY', false, 'not_allowed'],
      ['U0ALICE', true, undefined],
      ['U0DAVE', false, 'already_decided'],
    ]);
    expect(ofType(events, 'stop_submitted')).toEqual([
      expect.objectContaining({ detail: { targets: 2, refused: 0, rechecked: 0 } }),
    ]);
    const calls = ofType(events, 'provider_call').map((e) => e.detail ?? {});
    const stops = calls.filter((c) => c.operation === 'BatchStopServers');
    expect(stops).toEqual([expect.objectContaining({ provider: 'huawei', ok: true })]);
    expect(stops[0]?.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(calls.filter((c) => c.operation === 'ShowJob').length).toBeGreaterThan(0);
    for (const c of calls) expect(c.requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(ofType(events, 'finished')).toEqual([
      expect.objectContaining({ detail: { outcomes: { [uuid(1)]: 'stopped', [uuid(2)]: 'stopped' } } }),
    ]);
    expect(types.indexOf('finished')).toBeGreaterThan(types.indexOf('stop_submitted'));
    expect(await store.listActive()).toEqual([]);
  } finally {
    await store.close();
  }

  // A replica that never saw the request answers /stop status from the shared state.
  await bot.close();
  bot = await startHarness({ config, env, fakeSlack: fake });
  await bot.driver.command('U0ERIN', `status ${id}`);
  await fake.waitFor(() => lastEphemeralText(fake, 'U0ERIN').includes(id), 5_000, 'the status reply');
  const status = lastEphemeralText(fake, 'U0ERIN');
  expect(status).toMatch(new RegExp(`\\*${id}\\* \\(Huawei Cloud ECS\\) is \\*done\\*`));
  expect(status).toMatch(/srv-1.*stopped/);
  expect(status).toMatch(/srv-2.*stopped/);
  // Read from the audit trail: the refused clicks, with who clicked, and the cloud calls counted.
  expect(status).toMatch(/U0MALLORY.*refused/);
  expect(status).toMatch(/U0CAROL.*refused/);
  expect(status).toMatch(/\d+ calls? to the cloud, 0 failed/);
});
