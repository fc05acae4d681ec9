import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { motoStateOf, type SeedMachine } from '../fakes/aws/moto-seed.js';
import { lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { type Moto, startMoto } from '../helpers/moto.js';
import { startBotOnMoto } from '../helpers/moto-bot.js';

// /stop aws --tag against moto_server (EC2's own tag filters), with a counting proxy in front.
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(async () => moto?.stop());

const startBot = (machines: SeedMachine[], limits: Record<string, unknown> = {}) =>
  startBotOnMoto(moto, machines, { config: { limits: { maxTargets: 5000, ...limits } } });
const start = closeAfterEach(startBot);

const fleet: SeedMachine[] = [
  { name: 'pay-1', state: 'running', tags: { team: 'payments', env: 'staging' } },
  { name: 'pay-2', state: 'running', tags: { team: 'payments', env: 'prod' } },
  { name: 'pay-3', state: 'stopped', tags: { team: 'payments' } },
  { name: 'search-1', state: 'running', tags: { team: 'search', env: 'staging' } },
];

describe('/stop aws --tag against moto, end to end', () => {
  it('card with exactly the tagged instances, approved, one StopInstances', async () => {
    const { ids, proxy, ec2, h } = await start(fleet);
    await h.driver.command('U0BOB', 'aws --tag team=payments --reason "payments incident"');
    const card = await waitForCard(h.slack);
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain('`team=payments` matched 3; 1 already stopped');
    expect(card.text).toMatch(/2 machines on AWS EC2/);
    expect(blocks).not.toContain(ids[3]);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/2\/2 stopped/);
    expect(proxy.calls('StopInstances')).toBe(1);
    expect([0, 1, 2].map((i) => proxy.stopRequestsFor(ids[i] as string))).toEqual([1, 1, 0]);
    expect(await motoStateOf(ec2, ids[3] as string)).toBe('running');
  });

  it('--tag env is refused by the cap with its count, nothing requested', async () => {
    const { proxy, h } = await start(fleet, { maxTagMatches: 2 });
    await h.driver.command('U0BOB', 'aws --tag env');
    await h.slack.waitFor(() => /matched/.test(lastEphemeralText(h.slack, 'U0BOB')), 10_000, 'the refusal');
    expect(lastEphemeralText(h.slack, 'U0BOB')).toMatch(
      /^`env` matched (at least )?3 machines; a tag selection may match at most 2 machines\./,
    );
    expect(proxy.calls('StopInstances')).toBe(0);
  });
});
