import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { actionIdsOn, lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { startHuaweiBot, uuid } from '../helpers/huawei-bot.js';
import { tamperedClick } from '../helpers/tampered-click.js';

const start = closeAfterEach(startHuaweiBot);
const blocksOf = (
  h: { slack: { message(c: string, ts: string): { blocks: unknown[] } | undefined } },
  ts: string,
) => JSON.stringify(h.slack.message(DEFAULT_CHANNEL, ts)?.blocks);

describe('finding 1: an approval binds to the card version the approver saw', () => {
  it('a click on the SOFT card after the requester switched to HARD is refused; the HARD card approves HARD', async () => {
    const { ecs, h } = await start([{ id: uuid(1), name: 'srv-1', state: 'running' }]);
    await h.driver.command('U0BOB', 'huawei srv-1 --reason "miner"');
    const card = await waitForCard(h.slack);
    expect(blocksOf(h, card.ts)).toContain('stop_actions.v1');
    expect(blocksOf(h, card.ts)).not.toContain('"confirm"');

    // The requester flips the card to HARD; the re-rendered card carries the next version.
    await h.driver.click('U0BOB', { actionId: 'stop_mode', value: 'HARD', messageTs: card.ts });
    await h.slack.waitFor(() => blocksOf(h, card.ts).includes('stop_actions.v2'), 5000, 'the HARD card');

    // The approver's screen still shows version 1 (SOFT, no confirm dialog): Approve is refused.
    const stale = await h.driver.click('U0ALICE', {
      actionId: 'stop_approve',
      messageTs: card.ts,
      blockId: 'stop_actions.v1',
    });
    expect(stale.status).toBe(200);
    await h.slack.waitFor(
      () => /the request changed since you saw it; look again/i.test(lastEphemeralText(h.slack, 'U0ALICE')),
      5000,
      'the stale-click refusal',
    );
    expect(ecs.calls('BatchStopServers')).toBe(0);
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_approve');
    expect(h.slack.channelMessages('C0INCIDENT').some((m) => /approved/.test(m.text))).toBe(false);

    // Approving what is on screen now (HARD) works, and the cloud gets exactly HARD.
    await h.driver.click('U0ALICE', {
      actionId: 'stop_approve',
      messageTs: card.ts,
      blockId: 'stop_actions.v2',
    });
    await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
    expect(ecs.state.stopTypes).toEqual(['HARD']);
  });

  it('an approve click whose block carries no version is refused as stale', async () => {
    const { ecs, h } = await start([{ id: uuid(1), name: 'srv-1', state: 'running' }]);
    await h.driver.command('U0BOB', 'huawei srv-1');
    const card = await waitForCard(h.slack);
    const status = await tamperedClick(
      h,
      'U0ALICE',
      { actionId: 'stop_approve', messageTs: card.ts },
      (p) => {
        (p.actions as { block_id?: string }[])[0]!.block_id = 'decide-1';
      },
    );
    expect(status).toBe(200);
    await h.slack.waitFor(
      () => /changed since you saw it/.test(lastEphemeralText(h.slack, 'U0ALICE')),
      5000,
      'the refusal',
    );
    expect(ecs.calls('BatchStopServers')).toBe(0);
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_approve');
  });
});
