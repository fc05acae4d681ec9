import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { actionIdsOn, controlsOn, lastEphemeralText, rejectCard, waitForCard } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { type HuaweiBot, startHuaweiBot, uuid } from '../helpers/huawei-bot.js';
import { tamperedClick } from '../helpers/tampered-click.js';

/** Finding 8: clicks tied to their card and channel, status kept to its channel, a linear parser, fresh membership. */
const start = closeAfterEach(startHuaweiBot);
const twoServers = [
  { id: uuid(1), name: 'srv-1', state: 'running' as const },
  { id: uuid(2), name: 'srv-2', state: 'running' as const },
];

async function refusedClick(bot: HuaweiBot, tamper: Parameters<typeof tamperedClick>[3], pattern: RegExp) {
  const { ecs, h } = bot;
  await h.driver.command('U0BOB', 'huawei srv-1');
  const card = await waitForCard(h.slack);
  const status = await tamperedClick(h, 'U0ALICE', { actionId: 'stop_approve', messageTs: card.ts }, tamper);
  expect(status).toBe(200);
  await h.slack.waitFor(
    () => pattern.test(lastEphemeralText(h.slack, 'U0ALICE')),
    5000,
    `a reply ${pattern}`,
  );
  expect(ecs.calls('BatchStopServers')).toBe(0);
  expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_approve');
}

describe('finding 8: smaller holes', () => {
  it('a click whose payload has no container and no message is refused', async () => {
    const bot = await start(twoServers);
    await refusedClick(
      bot,
      (p) => {
        delete p.container;
        delete p.message;
      },
      /did not say which message it came from/,
    );
  });

  it('a click from another channel than the card is refused', async () => {
    const bot = await start(twoServers);
    await refusedClick(
      bot,
      (p) => {
        (p.container as { channel_id: string }).channel_id = 'C0ELSEWHERE';
        (p.channel as { id: string }).id = 'C0ELSEWHERE';
      },
      /came from another channel than the request card/,
    );
  });

  it('/stop status answers in the request channel, or to someone who may request there, and no one else', async () => {
    const { h } = await start(twoServers, { requesters: ['U0BOB'] });
    await h.driver.command('U0BOB', 'huawei srv-1 --reason "secret project"');
    const id = /SR-[0-9A-Z]{10}/.exec((await waitForCard(h.slack)).text)?.[0] ?? '';
    await h.driver.command('U0MALLORY', `status ${id}`, { channelId: 'C0ELSEWHERE' });
    await h.slack.waitFor(
      () => /only in the channel where it was requested/.test(lastEphemeralText(h.slack, 'U0MALLORY')),
      5000,
      'the refusal',
    );
    expect(lastEphemeralText(h.slack, 'U0MALLORY')).not.toMatch(/srv-1|secret project/);
    await h.driver.command('U0BOB', `status ${id}`, { channelId: 'C0ELSEWHERE' });
    await h.slack.waitFor(() => /pending/i.test(lastEphemeralText(h.slack, 'U0BOB')), 5000, 'the status');
    await h.driver.command('U0MALLORY', `status ${id}`);
    await h.slack.waitFor(() => /pending/i.test(lastEphemeralText(h.slack, 'U0MALLORY')), 5000, 'the status');
  });

  it('200,000 characters of unclosed links are answered at once, with no provider call', async () => {
    const { ecs, h } = await start(twoServers);
    const base = ecs.totalCalls();
    const res = await h.driver.command('U0BOB', `huawei ${'<http:'.repeat(40_000)}`);
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(1500);
    expect(JSON.stringify(res.body)).toMatch(/is not a machine ID or name|characters/);
    expect(ecs.totalCalls() - base, 'calls after the startup credentials check').toBe(0);
  });

  it('group membership behind an approval is re-read when older than a few seconds, whatever the cache time', async () => {
    const { ecs, h } = await start(twoServers, {
      approvals: { approvers: ['S0ONCALL'], selfApproval: false, expiresIn: '1m', groupCacheTtl: '1h' },
    });
    await h.driver.command('U0BOB', 'huawei srv-1');
    const first = await waitForCard(h.slack);
    await h.driver.command('U0BOB', 'huawei srv-2');
    const second = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    // Carol (on call) rejects the first: her membership is read and cached (for up to an hour).
    await rejectCard(h, 'U0CAROL', first);
    await h.slack.waitFor(() => controlsOn(h.slack.message(DEFAULT_CHANNEL, first.ts)).length === 0);
    const readAt = Date.now();
    // She is taken off call; a few seconds later her approval must not rest on the cached list.
    h.slack.setUserGroup('S0ONCALL', []);
    await h.slack.waitFor(() => Date.now() - readAt > 5_500, 8_000, 'the decision freshness bound to pass');
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: second.ts });
    await h.slack.waitFor(
      () => /not an approver/.test(lastEphemeralText(h.slack, 'U0CAROL')),
      5000,
      'the refusal',
    );
    expect(ecs.calls('BatchStopServers')).toBe(0);
  }, 20_000);
});
