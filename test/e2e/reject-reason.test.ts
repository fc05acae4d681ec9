import { afterEach, describe, expect, it } from 'vitest';
import { buildAppHomeOpened, buildViewAction, buildViewSubmission } from '../fakes/slack/view-payload.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import { baseConfig, type Harness, startHarness } from '../helpers/bot-harness.js';
import { actionIdsOn, rejectCard, requestIdOf, waitForCard } from '../helpers/cards.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const machines = [{ id: 'sbx-1', name: 'vm-1' }];

async function start() {
  h = await startHarness({
    config: baseConfig({ incidentChannel: 'C0INCIDENT', providers: { sandbox: { machines } } }),
  });
  return h;
}

const cardText = (h: Harness, ts: string) => JSON.stringify(h.slack.message(DEFAULT_CHANNEL, ts)?.blocks);
const rejectModals = (h: Harness) =>
  [...h.slack.state.views.values()].filter((v) => v.view.callback_id === 'stop_reject_modal');
const reasonValues = (value: string) => ({
  reject_reason: { stop_reject_reason: { type: 'plain_text_input', value } },
});
const notices = (h: Harness, id: string) =>
  h.slack.channelMessages('C0INCIDENT').filter((m) => m.text.includes(id) && m.text.includes('rejected'));

describe('Reject with a reason', () => {
  it('a Reject click opens the reason dialog; its submission rejects once, the reason on the card and the notice', async () => {
    const h = await start();
    await h.driver.command('U0BOB', 'sandbox vm-1 --reason cleanup');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    const click = await h.driver.click('U0ALICE', { actionId: 'stop_reject', messageTs: card.ts });
    expect(click.status).toBe(200);
    const modal = await h.slack.waitFor(() => rejectModals(h)[0], 5000, 'the reject dialog');
    // Opened with the click's trigger_id (the fake refuses any other, and a second use).
    expect(modal.history[0]?.by).toBe('views.open');
    expect(h.slack.calls.filter((c) => c.method === 'views.open')).toHaveLength(1);
    expect(JSON.stringify(modal.view)).toContain(id);
    // Nothing is decided until the dialog is submitted.
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_reject');

    const submission = buildViewSubmission(
      h.slack,
      'U0ALICE',
      modal.id,
      reasonValues('  not during the *release* freeze  '),
    );
    const res = await h.driver.interact(submission);
    expect(res.status).toBe(200);
    await h.slack.waitFor(
      () => /Rejected by <@U0ALICE>/.test(cardText(h, card.ts)),
      5000,
      'the card rejected',
    );
    expect(cardText(h, card.ts)).toContain('reason: not during the *release* freeze. Nothing was stopped.');
    const notice = await h.slack.waitFor(() => notices(h, id)[0], 5000, 'the rejection notice');
    expect(notice.text).toMatch(
      /rejected by <@U0ALICE> \(reason: not during the .*release.* freeze\); nothing was stopped/,
    );

    // The same submission again (a double submit or a redelivery): refused, nothing posted twice.
    await h.driver.interact(buildViewSubmission(h.slack, 'U0ALICE', modal.id, reasonValues('again')));
    await h.slack.waitFor(
      () => h.slack.messages.find((m) => m.channel === 'U0ALICE' && /already rejected/.test(m.text)),
      5000,
      'the second submission refused',
    );
    expect(notices(h, id)).toHaveLength(1);
    expect(cardText(h, card.ts)).not.toContain('again');

    // /stop status tells the reason too.
    await h.driver.command('U0BOB', `status ${id}`);
    await h.slack.waitFor(
      () =>
        /Rejected by <@U0ALICE> .* reason: not during the/.test(h.slack.lastEphemeral('U0BOB')?.text ?? ''),
      5000,
      'the story with the reason',
    );
  });

  it('Reject in the App Home opens the same dialog; its submission rejects and refreshes the home', async () => {
    const h = await start();
    await h.driver.command('U0BOB', 'sandbox vm-1 --reason from-home');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    await h.driver.event(buildAppHomeOpened(h.slack, 'U0CAROL'));
    const home = await h.slack.waitFor(() => h.slack.state.homes.get('U0CAROL'), 5000, 'the home');
    const blocks = home.view.blocks as { type: string; block_id?: string }[];
    const blockId = blocks.find((b) => b.type === 'actions')?.block_id ?? '';
    await h.driver.interact(
      buildViewAction(h.slack, 'U0CAROL', home.id, {
        actionId: 'stop_reject',
        blockId,
        type: 'button',
        value: id,
      }),
    );
    const modal = await h.slack.waitFor(() => rejectModals(h)[0], 5000, 'the reject dialog');
    await h.driver.interact(buildViewSubmission(h.slack, 'U0CAROL', modal.id, reasonValues('wrong machine')));
    await h.slack.waitFor(
      () => /Rejected by <@U0CAROL> .*reason: wrong machine/.test(cardText(h, card.ts)),
      5000,
      'the card rejected with the reason',
    );
    await h.slack.waitFor(
      () =>
        /Waiting for your approval\* \(0\)/.test(
          JSON.stringify(h.slack.state.homes.get('U0CAROL')?.view.blocks),
        ),
      5000,
      'the home refreshed',
    );
  });

  it('with no reason typed, rejects without one', async () => {
    const h = await start();
    await h.driver.command('U0BOB', 'sandbox vm-1');
    const card = await waitForCard(h.slack);
    await rejectCard(h, 'U0ALICE', card, '   ');
    await h.slack.waitFor(
      () => /Rejected by <@U0ALICE>/.test(cardText(h, card.ts)),
      5000,
      'the card rejected',
    );
    expect(cardText(h, card.ts)).not.toContain('reason:');
  });

  it('when the dialog cannot be opened (a spent trigger_id), the click rejects at once without a reason', async () => {
    const h = await start();
    await h.driver.command('U0BOB', 'sandbox vm-1');
    const card = await waitForCard(h.slack);
    await h.driver.click('U0ALICE', { actionId: 'stop_reject', messageTs: card.ts, triggerId: '1.2.spent' });
    await h.slack.waitFor(
      () => /Rejected by <@U0ALICE>/.test(cardText(h, card.ts)),
      5000,
      'the card rejected',
    );
    expect(rejectModals(h)).toHaveLength(0);
    expect(h.slack.counts['views.open']).toBe(1);
  });

  it('a refused Reject opens no dialog; a forged or malformed dialog changes nothing', async () => {
    const h = await start();
    await h.driver.command('U0BOB', 'sandbox vm-1');
    const card = await waitForCard(h.slack);
    const id = requestIdOf(card);
    await h.driver.click('U0MALLORY', { actionId: 'stop_reject', messageTs: card.ts });
    await h.slack.waitFor(() => /can't reject/.test(h.slack.lastEphemeral('U0MALLORY')?.text ?? ''), 5000);
    expect(rejectModals(h)).toHaveLength(0);

    // Mallory submits a dialog an approver got, with metadata naming the request: the policy refuses her.
    await h.driver.click('U0ALICE', { actionId: 'stop_reject', messageTs: card.ts });
    const modal = await h.slack.waitFor(() => rejectModals(h)[0], 5000, 'the reject dialog');
    await h.driver.interact(buildViewSubmission(h.slack, 'U0MALLORY', modal.id, reasonValues('mine now')));
    await h.slack.waitFor(
      () => h.slack.messages.find((m) => m.channel === 'U0MALLORY' && /can't reject/.test(m.text)),
      5000,
      'mallory refused',
    );
    // Forged metadata: another card's timestamp, or no request at all.
    modal.view = {
      ...modal.view,
      private_metadata: JSON.stringify({ request: id, channel: DEFAULT_CHANNEL, ts: '1.000001' }),
    };
    await h.driver.interact(buildViewSubmission(h.slack, 'U0ALICE', modal.id, reasonValues('forged')));
    modal.view = { ...modal.view, private_metadata: '{"request":"not-an-id"}' };
    await h.driver.interact(buildViewSubmission(h.slack, 'U0ALICE', modal.id, reasonValues('forged')));
    await h.slack.waitFor(
      () =>
        h.slack.messages.filter(
          (m) =>
            m.channel === 'U0ALICE' &&
            /does not belong to this request card|did not say which request/.test(m.text),
        ).length === 2 || undefined,
      5000,
      'both forged dialogs refused',
    );
    expect(actionIdsOn(h.slack.message(DEFAULT_CHANNEL, card.ts))).toContain('stop_reject');
    expect(notices(h, id)).toHaveLength(0);
  });
});
