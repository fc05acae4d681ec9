import { afterEach, describe, expect, it } from 'vitest';
import { createRedisStore } from '../../src/approvals/redis-store.js';
import type { FakeEcs } from '../fakes/huawei/server.js';
import { startFakeEcs } from '../fakes/huawei/server.js';
import type { FakeServerSeed } from '../fakes/huawei/state.js';
import { type FakeSlack, startFakeSlack } from '../fakes/slack/fake-slack.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { type Harness, startHarness } from '../helpers/bot-harness.js';
import { lastEphemeralText, requestIdOf, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAll, dropPrefix } from '../helpers/cleanup.js';
import { AK, HUAWEI_ENV, huaweiConfig, PROJECT, SK, uuid } from '../helpers/huawei-e2e.js';
import { REDIS_URL, uniqueBotPrefix } from '../helpers/redis.js';
import { waitUntil } from '../helpers/wait-until.js';

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

const pay = { team: 'payments', env: 'staging' };
/** srv-1..3 carry team=payments (srv-3 already stopped); srv-4 team=search; srv-5 env only; srv-6 untagged. */
const fleet = (): FakeServerSeed[] => [
  { id: uuid(1), name: 'srv-1', state: 'running', tags: pay },
  { id: uuid(2), name: 'srv-2', state: 'running', tags: { ...pay, owner: 'ana' } },
  { id: uuid(3), name: 'srv-3', state: 'stopped', tags: pay },
  { id: uuid(4), name: 'srv-4', state: 'running', tags: { team: 'search', env: 'prod' } },
  { id: uuid(5), name: 'srv-5', state: 'running', tags: { env: 'dev' } },
  { id: uuid(6), name: 'srv-6', state: 'running' },
];

async function startWorld(limits: Record<string, unknown> = {}) {
  prefix = uniqueBotPrefix('tags');
  slack = await startFakeSlack({ userGroups: { S0ONCALL: ['U0CAROL'] } });
  ecs = await startFakeEcs({ ak: AK, sk: SK, projectId: PROJECT, servers: fleet(), stopDelayMs: 200 });
  const config = { ...huaweiConfig(ecs.url), redis: { prefix }, limits: { maxTargets: 5000, ...limits } };
  bot = await startHarness({ config, env: { ...HUAWEI_ENV, REDIS_URL }, fakeSlack: slack });
  return { slack, ecs, bot };
}

/**
 * A person clicks once the card is on screen; the bot ties the card to the
 * request just after posting it. Wait for that, as a person's reaction time would.
 */
async function cardRecorded(id: string) {
  const store = createRedisStore({ redis: REDIS_URL, prefix });
  try {
    await waitUntil(
      async () => (await store.getRequest(id))?.card !== undefined,
      10_000,
      'the card recorded',
    );
  } finally {
    await store.close();
  }
}

const cardText = (card: { blocks: unknown[] }) => JSON.stringify(card.blocks);

describe('/stop by tag, end to end', () => {
  it('/stop huawei --tag team=payments: card with exactly the tagged machines, approved, stopped in one call, tags audited', async () => {
    const w = await startWorld();
    await w.bot.driver.command('U0BOB', 'huawei --tag team=payments --reason "payments incident"');
    const card = await waitForCard(w.slack);
    const blocks = cardText(card);
    expect(blocks).toContain('`team=payments` matched 3; 1 already stopped');
    expect(card.text).toMatch(/2 machines on Huawei Cloud ECS/);
    for (const name of ['srv-1', 'srv-2', 'srv-3']) expect(blocks).toContain(name);
    for (const name of ['srv-4', 'srv-5', 'srv-6']) expect(blocks).not.toContain(name);
    expect(blocks).toMatch(/Already stopped, left out \(1\)/);

    await cardRecorded(requestIdOf(card));
    await w.bot.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(w.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/2\/2 stopped/);
    expect(w.ecs.calls('BatchStopServers')).toBe(1);
    expect([1, 2].map((i) => w.ecs.stopRequestsFor(uuid(i)))).toEqual([1, 1]);
    expect([3, 4, 5, 6].map((i) => w.ecs.stopRequestsFor(uuid(i)))).toEqual([0, 0, 0, 0]);

    const id = requestIdOf(card);
    await w.bot.driver.command('U0BOB', `status ${id}`);
    const fake = w.slack;
    await fake.waitFor(
      () => /is \*done\*/.test(lastEphemeralText(fake, 'U0BOB')),
      10_000,
      'the status story',
    );
    expect(lastEphemeralText(fake, 'U0BOB')).toContain(
      '*Selected by tag:* `team=payments` matched 3; 1 already stopped',
    );

    const store = createRedisStore({ redis: REDIS_URL, prefix });
    try {
      const request = await store.getRequest(id);
      expect(request?.selection).toEqual({
        tags: [{ key: 'team', value: 'payments' }],
        matched: 3,
        alreadyStopped: 1,
      });
      const { events } = await store.history(id);
      expect(events[0]).toMatchObject({
        type: 'requested',
        detail: { tags: [{ key: 'team', value: 'payments' }], matched: 3, targets: [uuid(1), uuid(2)] },
      });
    } finally {
      await store.close();
    }
  });

  it('the card is the contract: a machine that gains the tag later is not stopped, one that lost it still is', async () => {
    const w = await startWorld();
    await w.bot.driver.command('U0BOB', 'huawei srv-6 --tag team=payments --tag env=staging');
    const card = await waitForCard(w.slack);
    const blocks = cardText(card);
    expect(blocks).toContain('`team=payments` and `env=staging` matched 3; 1 already stopped');
    expect(card.text).toMatch(/3 machines/); // srv-6 listed, srv-1 and srv-2 by tag
    // After the card: srv-4 gains the tags, srv-1 loses them.
    const servers = w.ecs.state.servers;
    Object.assign(servers.get(uuid(4)) ?? {}, { tags: pay });
    Object.assign(servers.get(uuid(1)) ?? {}, { tags: {} });

    await cardRecorded(requestIdOf(card));
    await w.bot.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(w.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/3\/3 stopped/);
    expect(w.ecs.calls('BatchStopServers')).toBe(1);
    expect(w.ecs.isStopped(uuid(1))).toBe(true);
    expect(w.ecs.stopRequestsFor(uuid(4))).toBe(0);
    expect(w.ecs.isRunning(uuid(4))).toBe(true);
  });

  it('--tag env is refused by the cap with its count; nothing is requested', async () => {
    const w = await startWorld({ maxTagMatches: 3 });
    await w.bot.driver.command('U0BOB', 'huawei --tag env');
    const fake = w.slack;
    await fake.waitFor(() => /matched/.test(lastEphemeralText(fake, 'U0BOB')), 10_000, 'the cap refusal');
    expect(lastEphemeralText(fake, 'U0BOB')).toMatch(
      /`env` matched at least 5 machines; a tag selection may match at most 3 machines\..*Nothing was requested/,
    );
    expect(fake.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Stop request/.test(m.text))).toHaveLength(0);
    expect(w.ecs.calls('BatchStopServers')).toBe(0);
  });

  it('zero matches: a reply naming the tags, nothing requested', async () => {
    const w = await startWorld();
    await w.bot.driver.command('U0BOB', 'huawei --tag team=nobody --tag env');
    const fake = w.slack;
    await fake.waitFor(
      () => /No machine/.test(lastEphemeralText(fake, 'U0BOB')),
      10_000,
      'the no-match reply',
    );
    expect(lastEphemeralText(fake, 'U0BOB')).toBe(
      'No machine on Huawei Cloud ECS carries all of `team=nobody` and `env`. Nothing was requested.',
    );
    expect(w.ecs.calls('BatchStopServers')).toBe(0);
  });
});
