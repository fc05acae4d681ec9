import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { zenlayerId } from '../fakes/zenlayer/harness.js';
import type { FakeMachineSeed } from '../fakes/zenlayer/machines.js';
import { FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_PASSWORD, startFakeZenlayer } from '../fakes/zenlayer/server.js';
import { baseConfig } from '../helpers/bot-harness.js';
import { startBotOn } from '../helpers/bot-on-cloud.js';
import {
  actionIdsOn,
  controlsOn,
  lastEphemeralText,
  requestAndApprove,
  waitForCard,
  waitForReply,
} from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';

const web = (i: number, extra: Partial<FakeMachineSeed> = {}): FakeMachineSeed => ({
  id: zenlayerId(i),
  name: `web-${i}`,
  ...extra,
});
const range = (n: number) => Array.from({ length: n }, (_, k) => k + 1);

async function startBot(machines: FakeMachineSeed[]) {
  const bmc = await startFakeZenlayer({ machines, stopDelayMs: 200 });
  const bot = await startBotOn(bmc, {
    config: baseConfig({ providers: { zenlayer: { endpoint: bmc.url, timeout: '2s' } } }),
    env: {
      ZENLAYERCLOUD_ACCESS_KEY_ID: FAKE_ACCESS_KEY_ID,
      ZENLAYERCLOUD_ACCESS_KEY_PASSWORD: FAKE_ACCESS_KEY_PASSWORD,
    },
  });
  return { bmc, ...bot };
}
const start = closeAfterEach(startBot);

describe('/stop zenlayer, end to end', () => {
  it('happy path: card, approval, one StopInstances, summary', async () => {
    const { bmc, h } = await start([web(1), web(2), web(3)]);
    const res = await h.driver.command('U0BOB', 'zenlayer web-1,web-2 --reason "ddos source"');
    expect(JSON.stringify(res.body)).toMatch(/Checking 2 targets on Zenlayer bare metal/);
    const card = await waitForCard(h.slack);
    expect(card.text).toMatch(/2 machines on Zenlayer bare metal/);
    expect(JSON.stringify(card.blocks)).toContain('ddos source');
    expect(JSON.stringify(card.blocks)).toContain(zenlayerId(1));
    expect(actionIdsOn(card)).toEqual(['stop_approve', 'stop_reject']);
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
    expect(summary.text).toMatch(/2\/2 stopped/);
    expect(bmc.calls('StopInstances')).toBe(1);
    expect(bmc.stopRequestsFor(zenlayerId(1))).toBe(1);
    expect(bmc.stopRequestsFor(zenlayerId(2))).toBe(1);
    expect(bmc.statusOf(zenlayerId(3))).toBe('RUNNING');
    expect(bmc.authFailures()).toBe(0);
    expect(controlsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toEqual([]);
  });

  it('150 instances: two StopInstances calls and 150/150 stopped', async () => {
    const ids = range(150);
    const { bmc, h } = await start(ids.map((i) => web(i)));
    const { card, summary } = await requestAndApprove(h, `bmc ${ids.map((i) => `web-${i}`).join(',')}`);
    expect(card.text).toMatch(/150 machines/);
    expect(JSON.stringify(card.blocks)).toMatch(/…and \d+ more/);
    expect(summary.text).toMatch(/150\/150 stopped/);
    expect(bmc.calls('StopInstances')).toBe(2);
    expect(ids.every((i) => bmc.stopsActedOn(zenlayerId(i)) === 1)).toBe(true);
    expect(ids.every((i) => bmc.statusOf(zenlayerId(i)) === 'STOPPED')).toBe(true);
  });

  it('an instance that refuses: a failure reply with the reason, the rest stopped', async () => {
    const { bmc, h } = await start([web(1), web(2, { failStop: true }), web(3), web(4)]);
    const { card, summary } = await requestAndApprove(h, 'zenlayer web-1,web-2,web-3,web-4');
    const failure = await waitForReply(h.slack, card, /web-2.*failed/);
    expect(failure.text).toMatch(/OPERATION_DENIED_INSTANCE_STATUS/);
    expect(failure.text).toMatch(/does not support this operation/);
    expect(summary.text).toMatch(/3\/4 stopped · 1 failed/);
    for (const i of [1, 3, 4]) expect(bmc.statusOf(zenlayerId(i))).toBe('STOPPED');
    expect(bmc.statusOf(zenlayerId(2))).toBe('RUNNING');
    for (const i of [1, 3, 4]) expect(bmc.stopsActedOn(zenlayerId(i))).toBe(1);
  });

  it('refuses --hard with a reason, before any Zenlayer call', async () => {
    const { bmc, h } = await start([web(1)]);
    const base = bmc.calls();
    await h.driver.command('U0BOB', 'zenlayer web-1 --hard');
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/--hard is not available on Zenlayer bare metal: it has no HARD stop/);
    expect(bmc.calls() - base, 'calls after the startup credentials check').toBe(0);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
  });

  it('an instance already STOPPED is shown as left out and not stopped again', async () => {
    const { bmc, h } = await start([web(1), web(2, { status: 'STOPPED' })]);
    const { card, summary } = await requestAndApprove(h, 'zenlayer web-1 web-2');
    expect(JSON.stringify(card.blocks)).toMatch(/Already stopped, left out \(1\):\*\\n• `web-2`/);
    expect(card.text).toMatch(/1 machine on Zenlayer/);
    expect(summary.text).toMatch(/1\/1 stopped/);
    expect(JSON.stringify(summary.blocks)).toMatch(/1 already stopped before the request, left out/);
    expect(bmc.stopRequestsFor(zenlayerId(2))).toBe(0);
  });

  it('lists unknown and ambiguous names before anything is requested', async () => {
    const { bmc, h } = await start([web(1), { id: zenlayerId(7), name: 'web-1' }, web(2)]);
    await h.driver.command('U0BOB', 'zenlayer web-1,web-2,web-404');
    await h.slack.waitFor(() => /Nothing was requested/.test(lastEphemeralText(h.slack, 'U0BOB')));
    const text = lastEphemeralText(h.slack, 'U0BOB');
    expect(text).toMatch(/`web-404`/);
    expect(text).toMatch(/`web-1` matches 2 machines/);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL)).toHaveLength(0);
    expect(bmc.calls('StopInstances')).toBe(0);
  });
});
