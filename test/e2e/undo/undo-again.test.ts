import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../../fakes/slack/world.js';
import { baseConfig, startHarness } from '../../helpers/bot-harness.js';
import { actionIdsOn, rejectCard, requestIdOf, waitForCard, waitForReply } from '../../helpers/cards.js';
import { closeAfterEach } from '../../helpers/close-after-each.js';
import { waitForEphemeral, waitForStartCard } from '../../helpers/undo-world.js';

/** A start request that started nothing (rejected, expired) frees its stop request for another. */
const open = closeAfterEach(async (expiresIn?: string) => {
  const config = baseConfig({
    providers: { sandbox: { machines: [{ id: 'sbx-0001', name: 'vm-1' }], stopDelay: '100ms' } },
  });
  if (expiresIn) (config.approvals as Record<string, unknown>).expiresIn = expiresIn;
  const h = await startHarness({ config });
  await h.driver.command('U0BOB', 'sandbox vm-1');
  const card = await waitForCard(h.slack);
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  const summary = await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
  return Object.assign(h, { card, summary });
});

const stopCardOffersUndo = (h: Awaited<ReturnType<typeof open>>) => {
  const shown = h.slack.message(DEFAULT_CHANNEL, h.card.ts);
  return shown !== undefined && actionIdsOn(shown).includes('stop_undo');
};

describe('Start again after a start request that started nothing', () => {
  it('rejected: the stop card offers Start again again; the second start request starts the machine once', async () => {
    const h = await open();
    await h.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: h.summary.ts });
    const first = await waitForStartCard(h.slack);
    await h.slack.waitFor(() => !stopCardOffersUndo(h), 5_000, 'the stop card naming the start request');
    await rejectCard(h, 'U0ALICE', first, 'not yet');
    await h.slack.waitFor(() => stopCardOffersUndo(h), 5_000, 'Start again offered again on the stop card');
    await h.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: h.card.ts });
    const second = await waitForStartCard(h.slack, 1);
    expect(requestIdOf(second)).not.toBe(requestIdOf(first));
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: second.ts });
    await waitForReply(h.slack, second, /^Summary for SR-.*1\/1 running/);
    // Its history says what happened.
    await h.driver.command('U0BOB', `status ${requestIdOf(h.card)}`);
    await waitForEphemeral(
      h.slack,
      'U0BOB',
      new RegExp(`${requestIdOf(first)} was rejected: Start again can be asked again`),
    );
  });

  it('expired: /stop undo asks again and gets a new start request', async () => {
    const h = await open('3s');
    await h.driver.command('U0BOB', `undo ${requestIdOf(h.card)}`);
    const first = await waitForStartCard(h.slack);
    await h.slack.waitFor(() => !stopCardOffersUndo(h), 5_000, 'the stop card naming the start request');
    await h.slack.waitFor(() => stopCardOffersUndo(h), 15_000, 'the start request expired, the stop freed');
    expect(h.slack.message(DEFAULT_CHANNEL, first.ts)?.text).toMatch(/expired/);
    await h.driver.command('U0BOB', `undo ${requestIdOf(h.card)}`);
    const second = await waitForStartCard(h.slack, 1);
    expect(requestIdOf(second)).not.toBe(requestIdOf(first));
  });
});
