import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { controlsOn, lastEphemeralText, waitForCard, waitForReply } from '../helpers/cards.js';
import { closeAfterEach } from '../helpers/close-after-each.js';
import { startHuaweiBot, uuid } from '../helpers/huawei-bot.js';

/** Finding 3: flipping SOFT/HARD can't flood Slack or delay anyone else's card. */
const start = closeAfterEach(startHuaweiBot);
const FLIPPERS = ['U0BOB', 'U0ALICE', 'U0DAVE', 'U0ERIN', 'U0FRANK', 'U0GRACE'];

describe('finding 3: mode flipping is bounded and card edits coalesce', () => {
  it('flips by six people make at most 10 changes and a handful of edits; another approval lands at once', async () => {
    const { ecs, h } = await start(
      [
        { id: uuid(1), name: 'srv-1', state: 'running' },
        { id: uuid(2), name: 'srv-2', state: 'running' },
      ],
      { approvals: { approvers: FLIPPERS.slice(1), selfApproval: false, expiresIn: '1m', groupCacheTtl: 0 } },
    );
    await h.driver.command('U0BOB', 'huawei srv-1');
    const flipped = await waitForCard(h.slack);
    await h.driver.command('U0CAROL', 'huawei srv-2');
    const other = await waitForCard(h.slack, DEFAULT_CHANNEL, 1);
    const edits = () =>
      h.slack.calls.filter((c) => c.method === 'chat.update' && c.args?.ts === flipped.ts).length;

    // One user clicking as fast as they can: one change a second.
    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.driver.click('U0BOB', {
          actionId: 'stop_mode',
          value: i % 2 ? 'SOFT' : 'HARD',
          messageTs: flipped.ts,
        }),
      ),
    );
    expect(burst.every((r) => r.status === 200)).toBe(true);
    await h.slack.waitFor(
      () => /too fast/.test(lastEphemeralText(h.slack, 'U0BOB')),
      5000,
      'the rate refusal',
    );
    expect(edits()).toBeLessThanOrEqual(3);

    // Six people, each at their one-a-second, until the request stops changing (after 10).
    const bounded = () => FLIPPERS.some((u) => /changed too many times/.test(lastEphemeralText(h.slack, u)));
    const until = Date.now() + 15_000;
    let round = 0;
    while (!bounded() && Date.now() < until) {
      round++;
      await Promise.all(
        FLIPPERS.map((u) =>
          h.driver.click(u, {
            actionId: 'stop_mode',
            value: round % 2 ? 'SOFT' : 'HARD',
            messageTs: flipped.ts,
          }),
        ),
      );
      await new Promise((r) => setTimeout(r, 200));
    }
    await h.slack.waitFor(bounded, 5000, 'the per-request bound');
    // The card ends on the newest version, with at most one edit per accepted change (and a redraw).
    await h.slack.waitFor(
      () => JSON.stringify(h.slack.message(DEFAULT_CHANNEL, flipped.ts)?.blocks).includes('stop_actions.v11'),
      5000,
      'the card at the last version',
    );
    expect(edits()).toBeLessThanOrEqual(12);

    // Someone else's request is not held up.
    const clicked = Date.now();
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: other.ts });
    await h.slack.waitFor(() => controlsOn(h.slack.message(DEFAULT_CHANNEL, other.ts)).length === 0, 3000);
    expect(Date.now() - clicked).toBeLessThan(3000);
    await waitForReply(h.slack, other, /^Summary for SR-/);
    expect(ecs.calls('BatchStopServers')).toBe(1);
  }, 30_000);
});
