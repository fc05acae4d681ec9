import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTO_REGION, motoStateOf, type SeedMachine } from '../fakes/aws/moto-seed.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import {
  actionIdsOn,
  controlsOn,
  lastEphemeralText,
  requestAndApprove,
  waitForCard,
  waitForReply,
} from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { type Moto, startMoto } from '../helpers/moto.js';
import { startBotOnMoto } from '../helpers/moto-bot.js';

// /stop aws and /stop ec2 through the whole flow against moto_server (the public
// AWS emulator), with a counting proxy in front of it.
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(async () => moto?.stop());

/** `providers` replaces the default `aws` entry, given the proxy's URL. */
const startBot = (machines: SeedMachine[], providers?: (url: string) => Record<string, unknown>) =>
  startBotOnMoto(moto, machines, {
    providers,
    env: { DR_ID: 'TESTDRMOTO0000000000', DR_SECRET: 'dr-secret-not-real' },
  });
const start = closeAfterEach(startBot);
const running = (name: string): SeedMachine => ({ name, state: 'running' });

describe('/stop aws against moto, end to end', () => {
  it('by name: card with SOFT/HARD, approval, one StopInstances without Force, summary', async () => {
    const { ids, proxy, ec2, h } = await start([running('web-1'), running('web-2'), running('web-3')]);
    const res = await h.driver.command('U0BOB', 'aws web-1,web-2 --reason "cpu miner found"');
    expect(JSON.stringify(res.body)).toMatch(/Checking 2 targets on AWS EC2/);
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/2 machines on AWS EC2/);
    expect(JSON.stringify(card.blocks)).toContain(ids[0]);
    expect(actionIdsOn(card)).toEqual(['stop_mode', 'stop_approve', 'stop_reject']);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/2\/2 stopped/);
    expect(proxy.calls('StopInstances')).toBe(1);
    expect(proxy.forceFlags()).toEqual([false]);
    expect(await motoStateOf(ec2, ids[0]!)).toBe('stopped');
    expect(await motoStateOf(ec2, ids[1]!)).toBe('stopped');
    expect(await motoStateOf(ec2, ids[2]!)).toBe('running');
    expect(controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toEqual([]);
  });

  it('/stop ec2 by instance ID with --hard: a danger confirm, and StopInstances carries Force', async () => {
    const { ids, proxy, ec2, h } = await start([running('db-1'), running('db-2')]);
    await h.driver.command('U0BOB', `ec2 ${ids[0]} ${ids[1]} --hard --reason "runaway"`);
    const card = await waitForCard(h.slack);
    expect(JSON.stringify(card.blocks)).toContain('"confirm"');
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/);
    expect(proxy.forceFlags()).toEqual([true]);
    expect(proxy.stopRequestsFor(ids[0]!)).toBe(1);
    expect(await motoStateOf(ec2, ids[1]!)).toBe('stopped');
  });

  it('an instance already stopped is left out and not stopped again', async () => {
    const { ids, proxy, h } = await start([running('web-1'), { name: 'web-2', state: 'stopped' }]);
    const { card, summary } = await requestAndApprove(h, 'aws web-1 web-2');
    expect(JSON.stringify(card.blocks)).toMatch(/Already stopped, left out \(1\):\*\\n• `web-2`/);
    expect(summary.text).toMatch(/1\/1 stopped/);
    expect(proxy.stopRequestsFor(ids[1]!)).toBe(0);
    expect(proxy.stopRequestsFor(ids[0]!)).toBe(1);
  });

  it('lists unknown names and IDs and ambiguous names before anything is requested', async () => {
    const { proxy, h } = await start([running('web-1'), running('web-1'), running('web-2')]);
    await h.driver.command('U0BOB', 'aws web-1,web-2,web-404,i-0123456789abcdef0');
    await h.slack.waitFor(() => /Nothing was requested/.test(lastEphemeralText(h.slack, 'U0BOB')));
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/`web-404`/);
    expect(text).toMatch(/`i-0123456789abcdef0`/);
    expect(text).toMatch(/`web-1` matches 2 machines/);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
    expect(proxy.calls('StopInstances')).toBe(0);
  });

  it('RequestLimitExceeded on the stop is retried with backoff; one stop per instance', async () => {
    const { ids, proxy, h } = await start([running('web-1'), running('web-2')]);
    await h.driver.command('U0BOB', 'aws web-1,web-2');
    const card = await waitForCard(h.slack);
    proxy.throttleNext(2, 'StopInstances');
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/);
    expect(proxy.calls('StopInstances')).toBe(3);
    for (const id of ids) expect(proxy.stopRequestsFor(id)).toBe(1);
  });

  it('a redelivered Approve click makes one decision and one StopInstances per instance', async () => {
    const { ids, proxy, h } = await start([running('web-1'), running('web-2')]);
    await h.driver.command('U0BOB', 'aws web-1,web-2');
    const card = await waitForCard(h.slack);
    const click = await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await Promise.all([h.driver.redeliver(click, 1), h.driver.redeliver(click, 2)]);
    await waitForReply(h.slack, card, /^Summary for SR-.*2\/2 stopped/);
    // Past the point where a second stop would have arrived.
    await new Promise((r) => setTimeout(r, 500));
    expect(proxy.calls('StopInstances')).toBe(1);
    for (const id of ids) expect(proxy.stopRequestsFor(id)).toBe(1);
  });

  it('a second AWS account by its configured name: card and summary name it, its own keys', async () => {
    const { ids, proxy, h } = await start([running('web-1')], (url) => ({
      'aws-dr': {
        cloud: 'aws',
        region: MOTO_REGION,
        endpoint: url,
        credentials: { accessKeyId: 'DR_ID', secretAccessKey: 'DR_SECRET' },
      },
    }));
    const { card, summary } = await requestAndApprove(h, 'aws-dr web-1 --reason "dr drill"');
    expect(card.text).toMatch(/1 machine on aws-dr/);
    expect(summary.text).toMatch(/1\/1 stopped/);
    expect(proxy.stopRequestsFor(ids[0]!)).toBe(1);
  });
});
