import { expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../../fakes/slack/world.js';
import { actionIdsOn, rejectCard, requestIdOf, waitForCard, waitForReply } from '../../helpers/cards.js';
import {
  shownBlocks,
  stopBoth,
  type UndoWorld,
  waitForEphemeral,
  waitForStartCard,
} from '../../helpers/undo-world.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Start again, end to end against one cloud's fake: the cases every cloud must pass. */
export function undoCases(open: () => Promise<UndoWorld>, options: { byHand: boolean }): void {
  it('stop two → Start again → self-approval refused → a second approver approves → both running, one start call', async () => {
    const w = await open();
    const { h } = w;
    const stop = await stopBoth(w);
    expect(stop.summary.text).toMatch(/2\/2 stopped/);
    // The finished stop offers Start again on its summary and its card.
    expect(actionIdsOn(stop.summary)).toEqual(['stop_undo']);
    await h.slack.waitFor(() =>
      actionIdsOn(h.slack.message(DEFAULT_CHANNEL, stop.card.ts)).includes('stop_undo'),
    );

    // U0ALICE (an approver) clicks Start again: she is the start request's requester.
    await h.driver.click('U0ALICE', { actionId: 'stop_undo', messageTs: stop.summary.ts });
    const card = await waitForStartCard(h.slack);
    const startId = requestIdOf(card);
    expect(startId).not.toBe(stop.id);
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toContain(`*start again* what <`);
    expect(blocks).toMatch(new RegExp(`\\|${stop.id}> stopped on \\*${w.label}\\*: 2 machines`));
    // The link is the stop request's thread (its card's permalink).
    expect(blocks).toContain(`/archives/${DEFAULT_CHANNEL}/p${stop.card.ts.replace('.', '')}`);
    expect(actionIdsOn(card)).toEqual(['stop_approve', 'stop_reject']);
    // The stop's card says a start request exists (and offers no second one); its thread links to it.
    await h.slack.waitFor(() =>
      shownBlocks(h.slack, stop.card.ts).includes(`Start again requested: *${startId}*`),
    );
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, stop.card.ts))).toEqual([]);
    await waitForReply(h.slack, stop.card, new RegExp(`asked to start again 2 machines.*${startId}`));

    // A second click, and /stop undo, answer with the existing start request's ID.
    await h.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: stop.summary.ts });
    await waitForEphemeral(h.slack, 'U0BOB', new RegExp(`already has a start request: \\*${startId}\\*`));
    await h.driver.command('U0CAROL', `undo ${stop.id}`);
    await waitForEphemeral(h.slack, 'U0CAROL', new RegExp(`already has a start request: \\*${startId}\\*`));

    // Self-approval is refused: nothing starts.
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    await waitForEphemeral(h.slack, 'U0ALICE', /cannot approve it yourself/);
    await sleep(200);
    expect(await w.startCalls()).toBe(0);

    // A second approver approves: both machines run again, in one start call.
    await h.driver.click('U0CAROL', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/, 20_000);
    expect(summary.text).toMatch(/2\/2 running/);
    expect(JSON.stringify(summary.blocks)).toMatch(/running again/);
    // A start request offers no undo of its own.
    expect(actionIdsOn(summary)).toEqual([]);
    expect(await w.startCalls()).toBe(1);
    for (const id of w.ids) {
      expect(w.startRequestsFor(id) ?? 1).toBe(1);
      expect(w.isRunning(id) ?? true).toBe(true);
    }
    await h.slack.waitFor(() => /done: 2\/2 running/.test(shownBlocks(h.slack, card.ts)));
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toEqual([]);

    // /stop status of either shows the link to the other.
    await h.driver.command('U0BOB', `status ${stop.id}`);
    await waitForEphemeral(
      h.slack,
      'U0BOB',
      new RegExp(`Start again requested: <[^|]+\\|${startId}> \\(done\\)`),
    );
    await h.driver.command('U0BOB', `status ${startId}`);
    await waitForEphemeral(h.slack, 'U0BOB', new RegExp(`Starts again what <[^|]+\\|${stop.id}> stopped`));
    await sleep(300);
    expect(await w.startCalls()).toBe(1);
  });

  it('/stop undo of an unknown, an unfinished, a rejected and a start request gets a clear reply and starts nothing', async () => {
    const w = await open();
    const { h } = w;
    await h.driver.command('U0BOB', 'undo SR-0000000000');
    await waitForEphemeral(h.slack, 'U0BOB', /I have no request SR-0000000000/);

    await h.driver.command('U0BOB', `${w.provider} ${w.refs[0]}`);
    const pending = await waitForCard(h.slack);
    await h.driver.command('U0BOB', `undo ${requestIdOf(pending)}`);
    await waitForEphemeral(h.slack, 'U0BOB', /has not finished yet \(it is pending\)/);
    await rejectCard(h, 'U0ALICE', pending);
    await h.slack.waitFor(() => actionIdsOn(h.slack.message(DEFAULT_CHANNEL, pending.ts)).length === 0);
    await h.driver.command('U0BOB', `undo ${requestIdOf(pending)}`);
    await waitForEphemeral(
      h.slack,
      'U0BOB',
      /was rejected and stopped nothing, so there is nothing to start again/,
    );

    await h.driver.command('U0BOB', 'undo');
    await waitForEphemeral(h.slack, 'U0BOB', /`undo` takes the ID of a stop request/);
    expect(h.slack.channelMessages(DEFAULT_CHANNEL).filter((m) => /^Start request/.test(m.text))).toEqual([]);
    expect(await w.startCalls()).toBe(0);
  });

  // The sandbox's machines can only be started through the bot: it has its own case for this.
  if (!options.byHand) return;
  it('a machine someone started by hand meanwhile is left out and listed; the other is started once', async () => {
    const w = await open();
    if (!w.startByHand) throw new Error('this world cannot start a machine by hand');
    const { h } = w;
    const stop = await stopBoth(w);
    await w.startByHand(w.ids[0]);
    const byHand = await w.startCalls();
    await h.driver.command('U0BOB', `undo ${stop.id} --reason "incident over"`);
    const card = await waitForStartCard(h.slack);
    const blocks = JSON.stringify(card.blocks);
    expect(blocks).toMatch(/stopped on \*[^*]+\*: 1 machine/);
    expect(blocks).toMatch(/Already running, left out \(1\)/);
    expect(blocks).toContain('incident over');
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
    const summary = await waitForReply(h.slack, card, /^Summary for SR-/, 20_000);
    expect(summary.text).toMatch(/1\/1 running/);
    expect((await w.startCalls()) - byHand).toBe(1);
    expect(w.startRequestsFor(w.ids[1]) ?? 1).toBe(1);
    expect(w.isRunning(w.ids[1]) ?? true).toBe(true);
  });
}
