import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMotoProxy } from '../fakes/aws/moto-proxy.js';
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  motoClient,
  motoStateOf,
  type SeedMachine,
  seedMoto,
} from '../fakes/aws/moto-seed.js';
import { baseConfig } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import { lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { type Moto, startMoto } from '../helpers/moto.js';

// /stop aws --tag against moto_server (EC2's own tag filters), with a counting proxy in front.
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(async () => moto?.stop());

async function startBot(machines: SeedMachine[], limits: Record<string, unknown> = {}) {
  await moto.reset();
  const ec2 = motoClient(moto.url);
  const ids = await seedMoto(ec2, machines);
  const proxy = await startMotoProxy(moto.url);
  const bot = await startBotOn(
    {
      close: async () => {
        ec2.destroy();
        await proxy.close();
      },
    },
    {
      config: baseConfig({
        providers: { aws: { region: MOTO_REGION, endpoint: proxy.url, timeout: '5s' } },
        limits: { maxTargets: 5000, ...limits },
      }),
      env: {
        AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      },
    },
  );
  return { ids, proxy, ec2, ...bot };
}
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
