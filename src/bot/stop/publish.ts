import type { StopRequest } from '../../approvals/types.js';
import { StateConflictError } from '../../errors.js';
import type { BotDeps, Reply } from '../deps.js';
import { slackCall } from '../slack-call.js';
import { requestCard } from '../views/card.js';
import { unrecordedCard } from '../views/unrecorded.js';

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
  await deps.notifier.incident('requested', request);
}
