import { type MessageRef, operationOfRequest, type StopRequest } from '../../approvals/types.js';
import { StateConflictError } from '../../errors.js';
import type { BotDeps, Reply } from '../deps.js';
import { isTransient } from '../pacing/paced-slack.js';
import { cardDelayedText, cardNotPostedText } from '../pacing/post-failure-text.js';
import { requestCard } from '../views/card.js';
import { plural, providerLabel } from '../views/text.js';
import { unrecordedCard } from '../views/unrecorded.js';

/** approvals.notify: dm — each approver listed by user ID gets a DM linking the card (not the requester). */
export async function tellApprovers(deps: BotDeps, request: StopRequest & { card: MessageRef }) {
  const users = (request.approvers ?? []).filter(
    (id) => /^[UW][A-Z0-9]{2,}$/.test(id) && id !== request.requester,
  );
  if (users.length === 0) return;
  const link = await deps.permalink(request.card);
  const where = link ? `<${link}|the request card>` : `the request card in <#${request.channel}>`;
  const verb = operationOfRequest(request) === 'start' ? 'start again' : 'stop';
  const text = `<@${request.requester}> asks to ${verb} ${plural(request.targets.length, 'machine')} on ${providerLabel(request.provider)} (${request.id}) and you may approve it: see ${where}.`;
  for (const user of users.slice(0, 50)) {
    // A DM: chat.postMessage to the user ID lands in the app's messages tab.
    await deps.slack.postMessage({ channel: user, text }, 'must');
  }
}

/** Store the checked request, post its card in its channel, tell the incident channel. */
export async function publishRequest(deps: BotDeps, request: StopRequest, reply: Reply) {
  if (!(await deps.store.createRequest(request)))
    throw new StateConflictError(`request ID ${request.id} is already taken`);
  deps.metrics.requests.inc({ provider: request.provider, outcome: 'created' });
  deps.logger.info(
    {
      requestId: request.id,
      provider: request.provider,
      requester: request.requester,
      targets: request.targets.length,
      skipped: request.skipped.length,
    },
    'stop requested',
  );
  await deps.store.appendAudit(request.id, {
    at: request.createdAt,
    type: 'requested',
    actor: request.requester,
    detail: {
      provider: request.provider,
      targets: request.targets.map((m) => m.id),
      skipped: request.skipped.length,
      reason: request.reason,
      mode: request.mode,
      ...(request.selection ? { tags: request.selection.tags, matched: request.selection.matched } : {}),
    },
  });
  await deps.workflow.requested(request);
  const shown = await showRequestCard(deps, request, reply);
  if (typeof shown === 'object' && deps.settings.notify === 'dm')
    await tellApprovers(deps, { ...request, card: shown });
}

/**
 * Post a stored request's card in its channel (paced by the shared Slack budget,
 * tried again after a 429), record it and tell the incident channel. Slack busy
 * for now: a durable job posts it later and the requester is told ('later').
 * Refused for good: the requester is told why ('failed').
 */
export async function showRequestCard(
  deps: BotDeps,
  request: StopRequest,
  reply: Reply,
): Promise<MessageRef | 'later' | 'failed'> {
  const view = requestCard(request);
  const op = operationOfRequest(request);
  const posted = await deps.slack.postMessage(
    { channel: request.channel, text: view.text, blocks: view.blocks },
    'must',
  );
  if (!posted.ok && isTransient(posted.reason)) {
    // Nothing dropped: a durable job posts the card once Slack lets it (or tells the requester why not).
    await deps.workflow.cardLater(request);
    await reply(cardDelayedText(request.id, posted.reason));
    return 'later';
  }
  if (!posted.ok || !posted.ts) {
    await reply(cardNotPostedText(request.id, posted.ok ? 'error' : posted.reason, op));
    return 'failed';
  }
  const card = { channel: request.channel, ts: posted.ts };
  try {
    await deps.store.setCard(request.id, card);
  } catch (err) {
    // The card is up but not tied to the request: take its buttons away before saying nothing was requested.
    const lost = unrecordedCard(request);
    await deps.slack.update({ ...card, text: lost.text, blocks: lost.blocks }, 'must');
    throw err;
  }
  await deps.workflow.incident('requested', { ...request, card });
  return card;
}
