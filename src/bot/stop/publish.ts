import type { MessageRef, StopRequest } from '../../approvals/types.js';
import { StateConflictError } from '../../errors.js';
import type { BotDeps, Reply } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { requestCard } from '../views/card.js';
import { plural, providerLabel } from '../views/text.js';
import { unrecordedCard } from '../views/unrecorded.js';

/** approvals.notify: dm — each approver listed by user ID gets a DM linking the card (not the requester). */
async function tellApprovers(deps: BotDeps, request: StopRequest & { card: MessageRef }) {
  const users = (request.approvers ?? []).filter(
    (id) => /^[UW][A-Z0-9]{2,}$/.test(id) && id !== request.requester,
  );
  if (users.length === 0) return;
  const link = await deps.permalink(request.card);
  const where = link ? `<${link}|the request card>` : `the request card in <#${request.channel}>`;
  const text = `<@${request.requester}> asks to stop ${plural(request.targets.length, 'machine')} on ${providerLabel(request.provider)} (${request.id}) and you may approve it: see ${where}.`;
  for (const user of users.slice(0, 50)) {
    // A DM: chat.postMessage to the user ID lands in the app's messages tab.
    await slackCall(deps, 'chat.postMessage', () => deps.client.chat.postMessage({ channel: user, text }), {
      requestId: request.id,
    });
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
  const view = requestCard(request);
  const posted = await slackCall(deps, 'chat.postMessage', () =>
    deps.client.chat.postMessage({ channel: request.channel, text: view.text, blocks: view.blocks }),
  );
  if (!posted?.ts) {
    return reply(
      `I couldn't post the request in this channel (is the bot a member? try \`/invite @stopbot\`). Request ${request.id} was not posted and nothing will be stopped.`,
    );
  }
  const card = { channel: request.channel, ts: posted.ts };
  try {
    await deps.store.setCard(request.id, card);
  } catch (err) {
    // The card is up but not tied to the request: take its buttons away before saying nothing was requested.
    const lost = unrecordedCard(request);
    await slackCall(deps, 'chat.update', () =>
      deps.client.chat.update({ ...card, text: lost.text, blocks: lost.blocks }),
    );
    throw err;
  }
  const shown = { ...request, card };
  await deps.notifier.incident('requested', shown);
  if (deps.settings.notify === 'dm') await tellApprovers(deps, shown);
}
