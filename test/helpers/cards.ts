import type { FakeSlack } from '../fakes/slack/fake-slack.js';
import type { SlackMessage } from '../fakes/slack/types.js';
import { buildViewSubmission } from '../fakes/slack/view-payload.js';
import { DEFAULT_CHANNEL } from '../fakes/slack/world.js';
import type { Harness } from './bot-harness.js';

/** The request card the bot posted most recently at the channel root. */
export async function waitForCard(
  slack: FakeSlack,
  channel = DEFAULT_CHANNEL,
  after = 0,
): Promise<SlackMessage> {
  return slack.waitFor(
    () =>
      slack
        .channelMessages(channel)
        .filter((m) => !m.threadTs && /^Stop request SR-/.test(m.text))
        .at(after),
    10_000,
    'a request card',
  );
}

export function requestIdOf(card: SlackMessage): string {
  const id = /SR-[0-9A-Z]{10}/.exec(card.text)?.[0];
  if (!id) throw new Error(`no request ID in card text: ${card.text}`);
  return id;
}

/** The thread reply whose text matches, once it exists. */
export function waitForReply(slack: FakeSlack, card: SlackMessage, pattern: RegExp, timeoutMs = 15_000) {
  return slack.waitFor(
    () => slack.thread(card.channel, card.ts).find((m) => m.threadTs && pattern.test(m.text)),
    timeoutMs,
    `a thread reply matching ${pattern}`,
  );
}

/** Action IDs still on a message (empty once decided). */
export function actionIdsOn(message: SlackMessage | undefined): string[] {
  const ids: string[] = [];
  for (const block of message?.blocks ?? []) {
    const b = block as { elements?: { action_id?: string }[]; accessory?: { action_id?: string } };
    for (const e of b.elements ?? []) if (e.action_id) ids.push(e.action_id);
    if (b.accessory?.action_id) ids.push(b.accessory.action_id);
  }
  return ids;
}

/**
 * The decision controls still on a card (Approve, Reject, the mode): empty once
 * decided. Start again, offered on a finished stop, is not one of them.
 */
export function controlsOn(message: SlackMessage | undefined): string[] {
  return actionIdsOn(message).filter((id) => id !== 'stop_undo');
}

/** The latest ephemeral text a user was shown (ack body or response_url). */
export function lastEphemeralText(slack: FakeSlack, user: string): string {
  return slack.lastEphemeral(user)?.text ?? '';
}

/** Requests as U0BOB, approves as U0ALICE and returns the card and the summary reply. */
export async function requestAndApprove(h: Harness, text: string) {
  await h.driver.command('U0BOB', text);
  const card = await waitForCard(h.slack);
  await h.driver.click('U0ALICE', { actionId: 'stop_approve', messageTs: card.ts });
  const summary = await waitForReply(h.slack, card, /^Summary for SR-/);
  return { card, summary };
}

/** Reject dialogs opened so far (the fake does not know whose a modal is). */
const rejectModals = (h: Harness) =>
  [...h.slack.state.views.values()].filter(
    (v) => v.type === 'modal' && v.view.callback_id === 'stop_reject_modal',
  );

/**
 * Clicks Reject on a card as `user`. A Reject that would be accepted opens the
 * reason dialog: it is submitted with `reason` ('' = none). Resolves once the
 * dialog was submitted, or (when none opened) once the click was answered.
 */
export async function rejectCard(h: Harness, user: string, card: SlackMessage, reason = '') {
  const before = rejectModals(h).length;
  const res = await h.driver.click(user, { actionId: 'stop_reject', messageTs: card.ts });
  const modal = await h.slack.waitFor(
    () =>
      rejectModals(h)[before] ??
      (controlsOn(h.slack.message(card.channel, card.ts)).length === 0 ? ('decided' as const) : undefined),
    8000,
    'the reject dialog or the card decided',
  );
  if (modal === 'decided') return res;
  return h.driver.interact(
    buildViewSubmission(h.slack, user, modal.id, {
      reject_reason: { stop_reject_reason: { type: 'plain_text_input', value: reason } },
    }),
  );
}
