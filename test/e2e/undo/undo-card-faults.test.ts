import { describe, expect, it } from 'vitest';
import { DEFAULT_CHANNEL } from '../../fakes/slack/world.js';
import { baseConfig, startHarness } from '../../helpers/bot-harness.js';
import { requestIdOf, waitForCard, waitForReply } from '../../helpers/cards.js';
import { closeAfterEach } from '../../helpers/close-after-each.js';
import { waitForEphemeral, waitForStartCard } from '../../helpers/undo-world.js';

/** The Start again card goes through the same paced, retried posting as a stop card. */
const open = closeAfterEach(async () => {
  const h = await startHarness({
    config: baseConfig({
      providers: { sandbox: { machines: [{ id: 'sbx-0001', name: 'vm-1' }], stopDelay: '100ms' } },
    }),
  });
  await h.driver.command('U0BOB', 'sandbox vm-1');
  const card = await waitForCard(h.slack);
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  const summary = await waitForReply(h.slack, card, /^Summary for SR-.*1\/1 stopped/);
  return Object.assign(h, { card, summary });
});

const threadLinks = (h: Awaited<ReturnType<typeof open>>) =>
  h.slack.thread(DEFAULT_CHANNEL, h.card.ts).filter((m) => /asked to start again/.test(m.text));

describe('Start again when Slack will not take its card', () => {
  it('refused for good: the asker hears the real reason and that nothing will be started; no link is posted', async () => {
    const h = await open();
    h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await h.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: h.summary.ts });
    await waitForEphemeral(
      h.slack,
      'U0BOB',
      /`channel_not_found`.*was not posted and nothing will be started/,
    );
    // Asked again: the start request exists (stored, never shown) — and still no link in the thread.
    await h.driver.command('U0BOB', `undo ${requestIdOf(h.card)}`);
    await waitForEphemeral(h.slack, 'U0BOB', /already/);
    expect(threadLinks(h)).toEqual([]);
  });

  it('rate limited: the card is posted later by a job, the asker is told, the stop thread names it', async () => {
    const h = await open();
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 }, 8);
    await h.driver.click('U0BOB', { actionId: 'stop_undo', messageTs: h.summary.ts });
    await waitForEphemeral(h.slack, 'U0BOB', /rate limiting posts .* I'll post its card here/);
    const start = await waitForStartCard(h.slack);
    await h.slack.waitFor(() => threadLinks(h).length === 1, 10_000, 'the link in the stop thread');
    expect(threadLinks(h)[0]?.text).toContain(requestIdOf(start));
    await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: start.ts });
    await waitForReply(h.slack, start, /^Summary for SR-.*1\/1 running/);
  });
});
